package dev.lodestone.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Measures two sides in the same run the way BENCH.md asks: warm-up rounds of each side (round 0, not counted; one
 * for most scenarios), then {@code rounds} rounds alternating A B A B, so a drift of the machine (JIT, heap, a
 * neighbour's build) falls on both sides alike.
 *
 * <pre>{@code
 * Rounds.Results r = Rounds.alternate(1, 3, "loaded", loaded, "idle", idle, run::log);
 * Stats p99 = r.a("high_p99_ms");
 * }</pre>
 *
 * <p>Not thread-safe: runs the rounds on the calling thread, one after the other.
 */
final class Rounds {

    private Rounds() {
    }

    /** One round of one side: its named figures. */
    @FunctionalInterface
    interface Round {

        /**
         * @param round 0 for each warm-up round (which may be smaller), then 1, 2, ...
         * @return the round's figures by name
         */
        Map<String, Double> run(int round) throws Exception;
    }

    /** Every counted round's figures, per side. */
    record Results(List<Map<String, Double>> a, List<Map<String, Double>> b) {

        /** Side A's figure over its rounds. */
        Stats a(String figure) {
            return stats(a, figure);
        }

        /** Side B's figure over its rounds. */
        Stats b(String figure) {
            return stats(b, figure);
        }

        static Stats stats(List<Map<String, Double>> rounds, String figure) {
            List<Double> values = new ArrayList<>();
            for (Map<String, Double> r : rounds) {
                Double v = r.get(figure);
                if (v == null) {
                    throw new IllegalStateException("a round did not report " + figure + ": " + r);
                }
                values.add(v);
            }
            return Stats.of(values);
        }
    }

    /** One side of a {@link #cycle}: its name in the log and its round. */
    record Side(String name, Round round) {
    }

    /** Every counted round's figures, per side name, for {@link #cycle}. */
    record Cycle(Map<String, List<Map<String, Double>>> bySide) {

        /** The side's figure over its rounds. */
        Stats stats(String side, String figure) {
            List<Map<String, Double>> rounds = bySide.get(side);
            if (rounds == null) {
                throw new IllegalArgumentException("no side " + side + " in " + bySide.keySet());
            }
            return Results.stats(rounds, figure);
        }
    }

    /**
     * Like {@link #alternate} for any number of sides: a warm-up round of each side in turn (S1 S2 ... Sn), then
     * {@code rounds} rounds of them in the same order, so a drift of the machine falls on every side alike.
     *
     * <pre>{@code
     * Rounds.Cycle c = Rounds.cycle(1, 3, List.of(new Side("lodestone", a), new Side("raw", b), new Side("eok", e)), run::log);
     * Stats p50 = c.stats("raw", "p50_us");
     * }</pre>
     */
    static Cycle cycle(int warmups, int rounds, List<Side> sides, Consumer<String> log) throws Exception {
        check(warmups, rounds);
        Map<String, List<Map<String, Double>>> bySide = new LinkedHashMap<>();
        for (Side s : sides) {
            if (bySide.put(s.name(), new ArrayList<>()) != null) {
                throw new IllegalArgumentException("two sides named " + s.name());
            }
        }
        for (int step = 1 - warmups; step <= rounds; step++) {
            int i = Math.max(0, step);
            String which = which(step, warmups, rounds);
            for (Side s : sides) {
                StolenCpu stolen = StolenCpu.start();
                Map<String, Double> x = s.round().run(i);
                log.accept(which + " " + s.name() + ": " + Report.figures(x) + StolenCpu.logSuffix(stolen.fraction()));
                if (i > 0) {
                    bySide.get(s.name()).add(x);
                }
            }
        }
        Map<String, List<Map<String, Double>>> frozen = new LinkedHashMap<>();
        bySide.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new Cycle(java.util.Collections.unmodifiableMap(frozen));
    }

    /**
     * Warm-up A, warm-up B ({@code warmups} times), then A B A B ... for {@code rounds} rounds each.
     *
     * @param log where each round's figures are reported as it ends
     */
    static Results alternate(int warmups, int rounds, String nameA, Round a, String nameB, Round b, Consumer<String> log)
            throws Exception {
        check(warmups, rounds);
        List<Map<String, Double>> ra = new ArrayList<>();
        List<Map<String, Double>> rb = new ArrayList<>();
        for (int step = 1 - warmups; step <= rounds; step++) {
            int i = Math.max(0, step);
            String which = which(step, warmups, rounds);
            StolenCpu stolen = StolenCpu.start();
            Map<String, Double> x = a.run(i);
            log.accept(which + " " + nameA + ": " + Report.figures(x) + StolenCpu.logSuffix(stolen.fraction()));
            stolen = StolenCpu.start();
            Map<String, Double> y = b.run(i);
            log.accept(which + " " + nameB + ": " + Report.figures(y) + StolenCpu.logSuffix(stolen.fraction()));
            if (i > 0) {
                ra.add(x);
                rb.add(y);
            }
        }
        return new Results(List.copyOf(ra), List.copyOf(rb));
    }

    private static void check(int warmups, int rounds) {
        if (warmups < 1) {
            throw new IllegalArgumentException("warm-up rounds must be >= 1, got " + warmups);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
        }
    }

    /** The log's name of a step: "warm-up" (or "warm-up 2/3" when there are several), then "round 1/3" ... */
    private static String which(int step, int warmups, int rounds) {
        if (step > 0) {
            return "round " + step + "/" + rounds;
        }
        return warmups == 1 ? "warm-up" : "warm-up " + (step + warmups) + "/" + warmups;
    }
}
