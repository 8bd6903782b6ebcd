package dev.lodestone.samples.recommend;

import java.util.Arrays;
import java.util.List;

/**
 * Ratings held compactly, by user and by item (compressed sparse rows), with dense indices: user {@code u} is
 * {@code userIds()[u]}, item {@code i} is {@code itemIds()[i]}, both in ascending id order, so that comparing indices
 * compares ids. A (user, item) pair rated twice keeps its later line.
 *
 * <p>Immutable once built; the arrays are shared, not copied: callers must not change them.
 */
public final class RatingsData {

    private final int[] userIds;
    private final int[] itemIds;
    private final int[] userStart;
    private final int[] userItems;
    private final double[] userRatings;
    private final int[] itemStart;
    private final int[] itemUsers;
    private final double[] itemRatings;
    private final long lines;
    private final long duplicates;
    private final long badLines;
    private final List<String> firstBadLines;

    private RatingsData(int[] userIds, int[] itemIds, int[] userStart, int[] userItems, double[] userRatings, long lines,
                        long duplicates, long badLines, List<String> firstBadLines) {
        this.userIds = userIds;
        this.itemIds = itemIds;
        this.userStart = userStart;
        this.userItems = userItems;
        this.userRatings = userRatings;
        this.lines = lines;
        this.duplicates = duplicates;
        this.badLines = badLines;
        this.firstBadLines = List.copyOf(firstBadLines);
        ByItem t = byItem(itemIds.length, userStart, userItems, userRatings);
        this.itemStart = t.start();
        this.itemUsers = t.users();
        this.itemRatings = t.ratings();
    }

    /**
     * Ratings by item: where each item's raters start in {@code users}, the raters (ascending within an item), and the
     * ratings, parallel to {@code users}.
     */
    public record ByItem(int[] start, int[] users, double[] ratings) {
    }

    /** The transpose of ratings by user: each item's raters in ascending user order, as every implementation sums them. */
    public static ByItem byItem(int items, int[] userStart, int[] userItems, double[] userRatings) {
        int[] start = new int[items + 1];
        for (int x : userItems) {
            start[x + 1]++;
        }
        for (int i = 0; i < items; i++) {
            start[i + 1] += start[i];
        }
        int[] fill = Arrays.copyOf(start, items);
        int[] users = new int[userItems.length];
        double[] ratings = new double[userItems.length];
        for (int u = 0; u + 1 < userStart.length; u++) {
            for (int p = userStart[u]; p < userStart[u + 1]; p++) {
                int at = fill[userItems[p]]++;
                users[at] = u;
                ratings[at] = userRatings[p];
            }
        }
        return new ByItem(start, users, ratings);
    }

    /**
     * Builds the data from ratings in file order: {@code users[x]} rated {@code items[x]} with {@code ratings[x]}, for
     * x below {@code size}; a later rating of the same pair replaces an earlier one.
     */
    public static RatingsData of(int[] users, int[] items, double[] ratings, int size, long badLines, List<String> firstBadLines) {
        int[] userIds = distinct(users, size);
        int[] itemIds = distinct(items, size);
        int[] userOf = new int[size];
        int[] start = new int[userIds.length + 1];
        for (int x = 0; x < size; x++) {
            userOf[x] = Arrays.binarySearch(userIds, users[x]);
            start[userOf[x] + 1]++;
        }
        for (int u = 0; u < userIds.length; u++) {
            start[u + 1] += start[u];
        }
        // each user's ratings as (item index, line) keys, in one array bucketed by user
        long[] keys = new long[size];
        int[] fill = Arrays.copyOf(start, userIds.length);
        for (int x = 0; x < size; x++) {
            keys[fill[userOf[x]]++] = (long) Arrays.binarySearch(itemIds, items[x]) << 32 | x;
        }
        int[] userStart = new int[userIds.length + 1];
        int[] userItems = new int[size];
        double[] userRatings = new double[size];
        int kept = 0;
        for (int u = 0; u < userIds.length; u++) {
            Arrays.sort(keys, start[u], start[u + 1]); // by item, then by line
            for (int p = start[u]; p < start[u + 1]; p++) {
                int item = (int) (keys[p] >>> 32);
                if (p + 1 < start[u + 1] && (int) (keys[p + 1] >>> 32) == item) {
                    continue; // a later line rates the same item: it wins
                }
                userItems[kept] = item;
                userRatings[kept] = ratings[(int) keys[p]];
                kept++;
            }
            userStart[u + 1] = kept;
        }
        return new RatingsData(userIds, itemIds, userStart, Arrays.copyOf(userItems, kept), Arrays.copyOf(userRatings, kept), size,
                size - kept, badLines, firstBadLines);
    }

    private static int[] distinct(int[] values, int size) {
        int[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int n = 0;
        for (int x = 0; x < size; x++) {
            if (n == 0 || sorted[n - 1] != sorted[x]) {
                sorted[n++] = sorted[x];
            }
        }
        return Arrays.copyOf(sorted, n);
    }

    /**
     * Each item's norm over all its ratings, ‖r_i‖, from ratings by user; summed in ascending user order, so that every
     * implementation gets the same doubles.
     */
    public static double[] norms(int items, int[] userStart, int[] userItems, double[] userRatings) {
        double[] sq = new double[items];
        for (int u = 0; u + 1 < userStart.length; u++) {
            for (int p = userStart[u]; p < userStart[u + 1]; p++) {
                sq[userItems[p]] += userRatings[p] * userRatings[p];
            }
        }
        for (int i = 0; i < items; i++) {
            sq[i] = Math.sqrt(sq[i]);
        }
        return sq;
    }

    /** User ids, ascending; a user's index is its position. */
    public int[] userIds() {
        return userIds;
    }

    /** Item ids, ascending; an item's index is its position. */
    public int[] itemIds() {
        return itemIds;
    }

    /** Where user {@code u}'s ratings start in {@link #userItems()}: {@code userStart()[u]} to {@code userStart()[u + 1]}. */
    public int[] userStart() {
        return userStart;
    }

    /** The items each user rated, by user, ascending within a user. */
    public int[] userItems() {
        return userItems;
    }

    /** The ratings, parallel to {@link #userItems()}. */
    public double[] userRatings() {
        return userRatings;
    }

    /** Where item {@code i}'s raters start in {@link #itemUsers()}. */
    public int[] itemStart() {
        return itemStart;
    }

    /** The users who rated each item, by item, ascending within an item. */
    public int[] itemUsers() {
        return itemUsers;
    }

    /** The ratings, parallel to {@link #itemUsers()}. */
    public double[] itemRatings() {
        return itemRatings;
    }

    /** Ratings kept (after duplicates). */
    public int ratings() {
        return userItems.length;
    }

    /** Ratings read, duplicates included. */
    public long lines() {
        return lines;
    }

    /** Ratings replaced by a later line for the same user and item. */
    public long duplicates() {
        return duplicates;
    }

    /** Malformed lines skipped. */
    public long badLines() {
        return badLines;
    }

    /** The first few malformed lines skipped, each as {@code file:line: problem}. */
    public List<String> firstBadLines() {
        return firstBadLines;
    }
}
