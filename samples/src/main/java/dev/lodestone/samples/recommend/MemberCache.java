package dev.lodestone.samples.recommend;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Side data a run's tasks share on one member JVM instead of reading it per task (Spark's broadcast variables, by
 * another name): the whole ratings matrix, fetched from the grid by the first task that needs it (others wait for
 * it), and the neighbour table, which the client broadcasts ({@link ShareNeighbours}). Dropped by {@link ForgetRun}
 * when the run ends; a run whose client died leaves its entries until the JVM stops.
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

    static void put(String run, String what, Object value) {
        VALUES.put(run + "/" + what, value);
    }

    /**
     * What {@link #put} left for {@code run}.
     *
     * @throws IllegalStateException when nothing was (the member joined after the broadcast, or was restarted)
     */
    @SuppressWarnings("unchecked")
    static <T> T require(String run, String what, String member) {
        Object v = VALUES.get(run + "/" + what);
        if (v == null) {
            throw new IllegalStateException("member " + member + " has no " + what + " of run " + run + ": it was not a member"
                    + " when they were broadcast, or restarted since");
        }
        return (T) v;
    }

    static void forget(String run) {
        VALUES.keySet().removeIf(k -> k.startsWith(run + "/"));
    }

    /**
     * The whole ratings matrix, by user and by item (the transpose, each item's raters ascending), every item's norm,
     * and which items fall in which partition (an item's partition is that of its index as a map key). The rows by
     * user are {@code compact} where the data allow it ({@link CompactRows}), and then {@code userItems} and
     * {@code userRatings} are null: the member keeps 3 bytes a rating for them instead of 12.
     */
    record Matrix(int[] userStart, int[] userItems, double[] userRatings, CompactRows compact, int[] itemStart, int[] itemUsers,
                  double[] itemRatings, double[] norms, int[][] itemsOfPartition) {
    }
}
