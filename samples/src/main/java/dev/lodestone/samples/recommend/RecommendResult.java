package dev.lodestone.samples.recommend;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a recommendation run computed, by dense index, and how long each phase took.
 *
 * @param data            the ratings it ran on
 * @param neighbours      each item's neighbours, by item index
 * @param recommendations each user's recommendations, by user index
 * @param phaseMillis     wall time per phase, in the order they ran
 * @param where           where it ran: "local, 2 threads", or the members and how many tasks each ran
 */
public record RecommendResult(RatingsData data, Neighbours[] neighbours, Recommendations[] recommendations,
                              LinkedHashMap<String, Long> phaseMillis, String where) {

    /** Pairs (item, neighbour) found. */
    public long neighbourPairs() {
        long n = 0;
        for (Neighbours nb : neighbours) {
            n += nb == null ? 0 : nb.neighbours().length;
        }
        return n;
    }

    /** Recommendations made, over all users. */
    public long recommendationCount() {
        long n = 0;
        for (Recommendations r : recommendations) {
            n += r == null ? 0 : r.items().length;
        }
        return n;
    }

    /** Total wall time of the phases. */
    public long totalMillis() {
        return phaseMillis.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The phase times as {@code name 123 ms, ...}. */
    public String phases() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Long> e : phaseMillis.entrySet()) {
            b.append(b.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue()).append(" ms");
        }
        return b.toString();
    }
}
