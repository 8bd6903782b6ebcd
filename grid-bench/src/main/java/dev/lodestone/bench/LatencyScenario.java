package dev.lodestone.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * {@code latency}: the round trip of one no-op affine task at a time (concurrency 1: submit, wait for the result,
 * again) for Lodestone, raw Hazelcast {@code submitToKeyOwner} and raw {@code IMap.executeOnKey} on the same member
 * processes ({@link NoopSides}); then open-loop streams at 25%, 50% and 75% of each side's maximum throughput
 * (measured in the same run: a short closed loop with 1,024 in flight), with end-to-end p50, p99, p99.9 and max.
 * Issue 4's goals: round trip p50 at most 1.0x raw {@code submitToKeyOwner} and 1.3x {@code executeOnKey}; p99 at
 * 50% of the maximum at most 2 ms.
 *
 * <p>Open-loop latency is measured from each request's intended send time ({@link FixedRateStream}), so a sender
 * that falls behind is charged for it (no coordinated omission). Raw Hazelcast's streams run at fractions of its own
 * maximum, which is lower than Lodestone's: at Lodestone's rates its queues would only grow.
 */
final class LatencyScenario implements Scenario {

    static final int[] PERCENTS = {25, 50, 75};
    private static final int MAX_WINDOW = 1_024;
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(5);

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public String summary() {
        return "round trip at concurrency 1, and p50/p99/p99.9 at 25/50/75% of the maximum rate, against raw Hazelcast";
    }

    @Override
    public List<Option> options() {
        List<Option> o = new ArrayList<>(List.of(
                Option.integer("members", 2, 2, 1, 64, "member processes"),
                Option.integer("keys", 1_024, 1_024, 1, 10_000_000, "keys the tasks are affine to, in turn"),
                Option.integer("calls", 5_000, 200, 1, 100_000_000, "round trips of each side per round, one at a time"),
                Option.decimal("max-s", 3, 0.3, 0.05, 3_600,
                        "seconds of the closed loop (1024 in flight) that measures each side's maximum"),
                Option.decimal("stream-s", 5, 0.5, 0.05, 3_600, "seconds of each open-loop stream per round"),
                Option.decimal("lodestone-max", 0, 0, 0, 1e9, "tasks/s taken as Lodestone's maximum for its open-loop"
                        + " rates, to compare tails at given rates across versions (0: the measured maximum)")));
        o.addAll(NoopSides.options());
        return o;
    }

    @Override
    public List<String> requiredMetrics() {
        return List.of("rtt_p50_us", "baseline_rtt_p50_us", "rtt_p50_ratio", "eok_rtt_p50_us", "rtt_over_eok", "p50_us_at_50pct",
                "p99_us_at_50pct", "p999_us_at_50pct");
    }

    @Override
    public void run(BenchRun run) throws Exception {
        Params p = run.params();
        int calls = p.integer("calls");
        Duration maxWindow = p.seconds("max-s");
        Duration stream = p.seconds("stream-s");
        NoopSides sides = NoopSides.start(run, "lat", p.integer("members"), p.integer("keys"));

        // Each side's maximum, after a run of the same length that warms its code paths up.
        Duration ramp = maxWindow.dividedBy(3);
        ClosedLoop.run(sides::lodestone, MAX_WINDOW, ramp, maxWindow, sides.meter(), DRAIN_TIMEOUT);
        ClosedLoop.run(sides::submitToKeyOwner, MAX_WINDOW, ramp, maxWindow, sides.meter(), DRAIN_TIMEOUT);
        double lodestoneMax = ClosedLoop.run(sides::lodestone, MAX_WINDOW, ramp, maxWindow, sides.meter(), DRAIN_TIMEOUT).perSecond();
        double rawMax = ClosedLoop.run(sides::submitToKeyOwner, MAX_WINDOW, ramp, maxWindow, sides.meter(), DRAIN_TIMEOUT).perSecond();
        run.log(String.format(Locale.ROOT, "maximum with %d in flight: Lodestone %.0f tasks/s, raw submitToKeyOwner %.0f tasks/s",
                MAX_WINDOW, lodestoneMax, rawMax));
        double givenMax = p.decimal("lodestone-max");
        double lodestoneBase = givenMax > 0 ? givenMax : lodestoneMax;

        AtomicLong next = new AtomicLong();
        List<Rounds.Side> cycle = new ArrayList<>();
        cycle.add(new Rounds.Side("lodestone round trip", round -> roundTrips(calls, round, n -> {
            sides.lodestoneRoundTrip(n, CALL_TIMEOUT);
        }, next)));
        cycle.add(new Rounds.Side("submitToKeyOwner round trip", round -> roundTrips(calls, round, n -> {
            sides.submitToKeyOwnerRoundTrip(n, CALL_TIMEOUT);
        }, next)));
        cycle.add(new Rounds.Side("executeOnKey round trip", round -> roundTrips(calls, round, sides::executeOnKeyRoundTrip, next)));
        for (int pct : PERCENTS) {
            double lodestoneRate = lodestoneBase * pct / 100;
            double rawRate = rawMax * pct / 100;
            cycle.add(new Rounds.Side("lodestone at " + pct + "%", round -> openLoop(lodestoneRate, stream, round,
                    () -> sides.lodestone(next.getAndIncrement()))));
            cycle.add(new Rounds.Side("submitToKeyOwner at " + pct + "%", round -> openLoop(rawRate, stream, round,
                    () -> sides.submitToKeyOwner(next.getAndIncrement()))));
        }
        Rounds.Cycle r = Rounds.cycle(run.warmups(), run.rounds(), cycle, run::log);

        Report report = run.report();
        report.param("lodestone_max_tps", Math.round(lodestoneMax));
        if (givenMax > 0) {
            report.param("lodestone_rate_base_tps", Math.round(givenMax));
            report.note(String.format(Locale.ROOT, "note: Lodestone's open-loop rates are percentages of %.0f tasks/s given with"
                    + " --lodestone-max, not of its measured maximum (%.0f): the goal at 50%% is not judged",
                    givenMax, lodestoneMax));
        }
        report.param("baseline_max_tps", Math.round(rawMax));
        report.sides("Lodestone: grid.submit(new Noop(key), SubmitOptions.affinity(map, key)); streams at % of Lodestone's maximum",
                "raw Hazelcast on the same members: submitToKeyOwner(new HzNoop(key), key) (and IMap.executeOnKey of a read-only"
                        + " processor where named); streams at % of raw's own maximum");
        Stats lodestoneRtt = r.stats("lodestone round trip", "p50_us");
        report.compare("round trip at concurrency 1, p50, vs submitToKeyOwner", "us", lodestoneRtt, "rtt_p50_us",
                r.stats("submitToKeyOwner round trip", "p50_us"), "baseline_rtt_p50_us", "rtt_p50_ratio");
        report.compare("round trip at concurrency 1, p50, vs executeOnKey", "us", lodestoneRtt, null,
                r.stats("executeOnKey round trip", "p50_us"), "eok_rtt_p50_us", "rtt_over_eok");
        report.compare("round trip at concurrency 1, p99, vs submitToKeyOwner", "us", r.stats("lodestone round trip", "p99_us"),
                "rtt_p99_us", r.stats("submitToKeyOwner round trip", "p99_us"), "baseline_rtt_p99_us", null);
        report.compare("round trip at concurrency 1, p99, vs executeOnKey", "us", r.stats("lodestone round trip", "p99_us"), null,
                r.stats("executeOnKey round trip", "p99_us"), "eok_rtt_p99_us", null);
        report.compare("maximum throughput, " + MAX_WINDOW + " in flight (once, before the rounds)", "tasks/s",
                Stats.of(List.of(lodestoneMax)), "lodestone_max_tps", Stats.of(List.of(rawMax)), "baseline_max_tps", "max_tps_ratio");
        for (int pct : PERCENTS) {
            String l = "lodestone at " + pct + "%";
            String b = "submitToKeyOwner at " + pct + "%";
            report.compare("p50 end-to-end at " + pct + "% of the maximum", "us", r.stats(l, "p50_us"), "p50_us_at_" + pct + "pct",
                    r.stats(b, "p50_us"), "baseline_p50_us_at_" + pct + "pct", null);
            report.compare("p99 end-to-end at " + pct + "% of the maximum", "us", r.stats(l, "p99_us"), "p99_us_at_" + pct + "pct",
                    r.stats(b, "p99_us"), "baseline_p99_us_at_" + pct + "pct", null);
            report.compare("p99.9 end-to-end at " + pct + "% of the maximum", "us", r.stats(l, "p999_us"), "p999_us_at_" + pct + "pct",
                    r.stats(b, "p999_us"), "baseline_p999_us_at_" + pct + "pct", null);
            report.compare("max end-to-end at " + pct + "% of the maximum", "us", r.stats(l, "max_us"), "max_us_at_" + pct + "pct",
                    r.stats(b, "max_us"), "baseline_max_us_at_" + pct + "pct", null);
            report.compare("sender late at " + pct + "% of the maximum, p99 (in the end-to-end above)", "us",
                    r.stats(l, "send_late_p99_us"), "send_late_p99_us_at_" + pct + "pct", r.stats(b, "send_late_p99_us"),
                    "baseline_send_late_p99_us_at_" + pct + "pct", null);
            report.compare("rate sent at " + pct + "% of the maximum", "tasks/s", r.stats(l, "rate"), "rate_at_" + pct + "pct",
                    r.stats(b, "rate"), "baseline_rate_at_" + pct + "pct", null);
        }
        double failed = 0;
        for (int pct : PERCENTS) {
            failed += r.stats("lodestone at " + pct + "%", "failed").max() + r.stats("submitToKeyOwner at " + pct + "%", "failed").max();
        }
        report.metric("stream_failed", failed);
        if (failed > 0) {
            report.note("note: some requests of the open-loop streams failed; they are not in the percentiles");
        }
        report.goal("rtt_p50_ratio", false, 1.0);
        report.goal("rtt_over_eok", false, 1.3);
        if (givenMax == 0) {
            report.goal("p99_us_at_50pct", false, 2_000);
        }
    }

    /** One blocking request; the round trip is timed around it. */
    @FunctionalInterface
    private interface Call {
        void call(long n) throws Exception;
    }

    /** {@code calls} round trips one after the other (a tenth in the warm-up round), in microseconds. */
    private static Map<String, Double> roundTrips(int calls, int round, Call call, AtomicLong next) throws Exception {
        int n = round == 0 ? Math.max(1, calls / 10) : calls;
        Histogram micros = new Histogram(3);
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            call.call(next.getAndIncrement());
            micros.recordValue(Math.max(0, (System.nanoTime() - start) / 1_000));
        }
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("p50_us", (double) micros.getValueAtPercentile(50));
        r.put("p99_us", (double) micros.getValueAtPercentile(99));
        r.put("mean_us", micros.getMean());
        return r;
    }

    /** One open-loop stream at {@code rate} for {@code window} (half as long in the warm-up round). */
    private static Map<String, Double> openLoop(double rate, Duration window, int round, Supplier<CompletionStage<?>> send) {
        Duration w = round == 0 ? window.dividedBy(2) : window;
        FixedRateStream.Sent sent = new FixedRateStream(rate, send).send(w);
        Histogram micros = sent.await(STREAM_TIMEOUT);
        boolean any = micros.getTotalCount() > 0;
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("p50_us", any ? (double) micros.getValueAtPercentile(50) : Double.NaN);
        r.put("p99_us", any ? (double) micros.getValueAtPercentile(99) : Double.NaN);
        r.put("p999_us", any ? (double) micros.getValueAtPercentile(99.9) : Double.NaN);
        r.put("max_us", any ? (double) micros.getMaxValue() : Double.NaN);
        r.put("send_late_p99_us", (double) sent.lateMicros().getValueAtPercentile(99));
        r.put("rate", sent.count() / (w.toNanos() / 1e9));
        r.put("failed", (double) sent.failed());
        return r;
    }
}
