package dev.lodestone.samples.recommend;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Side data a run's tasks share on one member JVM: the whole ratings matrix by user, and the neighbour table, each
 * fetched from the grid once per JVM by the first task that needs it (others wait for it) instead of once per task:
 * Spark's broadcast variables, by another name. Dropped by {@link ForgetRun} when the run ends; a run whose client
 * died leaves its entries until the JVM stops.
 *
 * <p>THREADING: a concurrent map; values are immutable once published.
 */
final class MemberCache {

    private static final ConcurrentHashMap<String, Object> VALUES = new ConcurrentHashMap<>();

    private MemberCache() {
    }

    @SuppressWarnings("unchecked")
    static <T> T get(String run, String what, Supplier<T> load) {
        return (T) VALUES.computeIfAbsent(run + "/" + what, k -> load.get());
    }

    static void forget(String run) {
        VALUES.keySet().removeIf(k -> k.startsWith(run + "/"));
    }

    /** The whole ratings matrix by user, and every item's norm. */
    record UserMatrix(int[] start, int[] items, double[] ratings, double[] norms) {
    }
}
