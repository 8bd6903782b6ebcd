package dev.lodestone.bench;

import com.hazelcast.topic.ITopic;
import dev.lodestone.api.Grid;
import dev.lodestone.api.events.Event;
import dev.lodestone.api.events.Subscriber;
import dev.lodestone.api.events.Subscription;
import dev.lodestone.api.events.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * {@code events}: a topic with 1 and with 10 subscribers in the measuring JVM, fed as fast as a few publisher
 * threads can, against Hazelcast's reliable topic (also ringbuffer-backed) on the same members with as many
 * listeners. Each event carries its publish time ({@link System#nanoTime()}, same JVM), so publish-to-deliver
 * latency is exact; events/s is events through the topic per second, from the first publish to the last delivery
 * at the slowest subscriber. Lodestone's subscribers also count what they were told they missed: published minus
 * delivered minus told-missed, over every subscriber, is {@code events_missed_unreported} and must be 0.
 */
final class EventsScenario implements Scenario {

    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(5);

    @Override
    public String name() {
        return "events";
    }

    @Override
    public String summary() {
        return "topic throughput and publish-to-deliver latency with 1 and 10 subscribers, against Hazelcast's reliable topic";
    }

    @Override
    public List<Option> options() {
        List<Option> o = new ArrayList<>(List.of(
                Option.integer("events", 40_000, 1_000, 10, 100_000_000, "events published per round"),
                Option.integer("publishers", 4, 2, 1, 256, "publishing threads"),
                Option.integer("many", 10, 3, 2, 1_000, "subscribers in the many-subscribers case")));
        o.addAll(HazelcastTuning.options());
        return o;
    }

    @Override
    public List<String> requiredMetrics() {
        return List.of("events_per_s_1sub", "events_per_s_10sub", "deliver_p50_us", "deliver_p99_us", "events_missed_unreported");
    }

    @Override
    public void run(BenchRun run) throws Exception {
        int members = 2;
        HazelcastTuning tuning = HazelcastTuning.of(run.params(), Runtime.getRuntime().availableProcessors(), members,
                run.workersPerMember(members));
        run.report().param("hazelcast", tuning.describe());
        LocalCluster cluster = run.cluster("events", members, run.memberSettings(Map.of()), tuning::applyTo);
        Grid grid = run.connect(cluster);
        RawHazelcast raw = run.track(RawHazelcast.connect(cluster, tuning));
        int many = run.params().integer("many");
        Map<Integer, Rounds.Results> bySubs = new LinkedHashMap<>();
        for (int subs : new int[] {1, many}) {
            bySubs.put(subs, Rounds.alternate(run.warmups(), run.rounds(), "lodestone topic, " + subs + " subscribers",
                    round -> lodestone(run, grid, subs, round), "hazelcast reliable topic, " + subs + " listeners",
                    round -> hazelcast(run, raw, subs, round), run::log));
        }
        Report report = run.report();
        report.sides("Lodestone topic (grid.events()), subscribers in the bench JVM",
                "Hazelcast reliable topic, listeners in the bench JVM");
        Rounds.Results one = bySubs.get(1);
        Rounds.Results lots = bySubs.get(many);
        report.compare("events/s, 1 subscriber", "events/s", one.a("events_per_s"), "events_per_s_1sub", one.b("events_per_s"),
                "baseline_events_per_s_1sub", "ratio_1sub");
        report.compare("events/s, " + many + " subscribers", "events/s", lots.a("events_per_s"), "events_per_s_10sub",
                lots.b("events_per_s"), "baseline_events_per_s_10sub", "ratio_10sub");
        report.compare("publish to deliver p50, 1 subscriber", "us", one.a("p50_us"), "deliver_p50_us", one.b("p50_us"),
                "baseline_deliver_p50_us", null);
        report.compare("publish to deliver p99, 1 subscriber", "us", one.a("p99_us"), "deliver_p99_us", one.b("p99_us"),
                "baseline_deliver_p99_us", null);
        report.compare("publish to deliver p99, " + many + " subscribers", "us", lots.a("p99_us"), "deliver_p99_us_10sub",
                lots.b("p99_us"), "baseline_deliver_p99_us_10sub", null);
        report.figure("events missed and not reported, all rounds and subscribers", "events",
                Stats.of(List.of(one.a().stream().mapToDouble(r -> r.get("unreported")).sum()
                        + lots.a().stream().mapToDouble(r -> r.get("unreported")).sum())), "events_missed_unreported");
        report.figure("events reported missed (the subscriber fell behind the topic's capacity)", "events", lots.a("missed"),
                "events_missed_reported_10sub");
        report.param("note", "'" + many + " subscribers' is reported under the metric names ending in _10sub");
    }

    private static int count(BenchRun run, int round) {
        int n = run.params().integer("events");
        return round == 0 ? Math.max(10, n / 5) : n;
    }

    private static Map<String, Double> lodestone(BenchRun run, Grid grid, int subs, int round) throws Exception {
        int n = count(run, round);
        Topic<long[]> topic = grid.events().topic("bench-" + UUID.randomUUID().toString().substring(0, 8), long[].class);
        CountDownLatch done = new CountDownLatch(subs);
        List<Histogram> latencies = new ArrayList<>();
        List<Subscription> subscriptions = new ArrayList<>();
        AtomicLong lastDelivery = new AtomicLong();
        for (int s = 0; s < subs; s++) {
            Histogram h = new Histogram(3);
            latencies.add(h);
            AtomicLong seen = new AtomicLong();
            subscriptions.add(topic.subscribe(new Subscriber<>() {
                @Override
                public void onEvent(Event<long[]> e) {
                    long now = System.nanoTime();
                    h.recordValue(Math.max(0, (now - e.payload()[0]) / 1_000));
                    count(1, now);
                }

                @Override
                public void onMissed(long count, long from) {
                    count(count, System.nanoTime());
                }

                private void count(long k, long now) {
                    if (seen.addAndGet(k) == n) {
                        lastDelivery.accumulateAndGet(now, Math::max);
                        done.countDown();
                    }
                }
            }));
        }
        long t0 = System.nanoTime();
        publish(run, n, () -> topic.publish(new long[] {System.nanoTime()}));
        if (!done.await(DELIVERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new BenchException("Lodestone's subscribers did not see all " + n + " events within " + DELIVERY_TIMEOUT);
        }
        long delivered = 0;
        long missed = 0;
        for (Subscription s : subscriptions) {
            delivered += s.delivered();
            missed += s.missed();
            s.close();
        }
        return figures(n, subs, t0, lastDelivery.get(), latencies, (double) ((long) n * subs - delivered - missed), missed);
    }

    private static Map<String, Double> hazelcast(BenchRun run, RawHazelcast raw, int subs, int round) throws Exception {
        int n = count(run, round);
        ITopic<long[]> topic = raw.reliableTopic("bench-" + UUID.randomUUID().toString().substring(0, 8));
        CountDownLatch done = new CountDownLatch(subs);
        List<Histogram> latencies = new ArrayList<>();
        List<UUID> listeners = new ArrayList<>();
        AtomicLong lastDelivery = new AtomicLong();
        for (int s = 0; s < subs; s++) {
            Histogram h = new Histogram(3);
            latencies.add(h);
            AtomicLong seen = new AtomicLong();
            listeners.add(topic.addMessageListener(m -> {
                long now = System.nanoTime();
                synchronized (h) { // Hazelcast may run one listener's messages on several threads of its pool
                    h.recordValue(Math.max(0, (now - m.getMessageObject()[0]) / 1_000));
                }
                if (seen.incrementAndGet() == n) {
                    lastDelivery.accumulateAndGet(now, Math::max);
                    done.countDown();
                }
            }));
        }
        long t0 = System.nanoTime();
        publish(run, n, () -> topic.publish(new long[] {System.nanoTime()}));
        if (!done.await(DELIVERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new BenchException("Hazelcast's listeners did not see all " + n + " events within " + DELIVERY_TIMEOUT);
        }
        listeners.forEach(topic::removeMessageListener);
        topic.destroy();
        return figures(n, subs, t0, lastDelivery.get(), latencies, 0, 0);
    }

    /** Publishes {@code n} events from the configured number of threads, each its share. */
    private static void publish(BenchRun run, int n, Runnable one) throws InterruptedException {
        int threads = Math.min(run.params().integer("publishers"), n);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int share = n / threads + (t < n % threads ? 1 : 0);
            Thread th = new Thread(() -> {
                for (int i = 0; i < share; i++) {
                    one.run();
                }
            }, "bench-publisher-" + t);
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
    }

    private static Map<String, Double> figures(int n, int subs, long t0, long last, List<Histogram> latencies, double unreported,
                                               double missed) {
        Histogram all = new Histogram(3);
        latencies.forEach(all::add);
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("events_per_s", n / Math.max(1e-9, (last - t0) / 1e9));
        r.put("p50_us", (double) all.getValueAtPercentile(50));
        r.put("p99_us", (double) all.getValueAtPercentile(99));
        r.put("unreported", unreported);
        r.put("missed", missed);
        r.put("subscribers", (double) subs);
        return r;
    }
}
