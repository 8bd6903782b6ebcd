package dev.lodestone.samples.recommend;

import java.util.Arrays;

/**
 * Every user's ratings, as the neighbour kernel streams them, in 3 bytes a rating instead of 12: each item index as
 * a 16-bit {@code char} and each rating as its number of half stars in a byte. Only for data sets where both are
 * exact: at most 65,536 items, and every rating a multiple of 0.5 from 0 to 127.5 (as in the MovieLens sets);
 * {@link #of} says null otherwise, and the kernel keeps the {@code int}/{@code double} rows.
 *
 * <p>Why: the kernel reads, for every item, the whole row of every one of its raters, so on 1,000,000 ratings it
 * streams hundreds of millions of (item, rating) pairs, and with two member processes on one machine two copies of
 * the rows compete for the same caches. With {@code float} ratings alone (8 bytes a pair) the grid's neighbours phase
 * went from 0.82-0.94 s to 0.72 s while the local one stayed at 0.43 s. A half-star count times 0.5 is the rating's
 * {@code double} exactly, so the sums, and the neighbours, are the same to the last bit.
 *
 * <pre>{@code
 * CompactRows rows = CompactRows.of(itemCount, data.userStart(), data.userItems(), data.userRatings());
 * Neighbours nb = rows != null ? finder.find(i, raters, raterRatings, from, to, rows, norms)
 *                              : finder.find(i, raters, raterRatings, from, to, userStart, userItems, userRatings, norms);
 * }</pre>
 *
 * @param start     where each user's ratings start, as in {@link RatingsData#userStart()}
 * @param items     the items each user rated, parallel to {@code halfStars}
 * @param halfStars each rating times 2
 */
public record CompactRows(int[] start, char[] items, byte[] halfStars) {

    /** The most items a {@code char} index holds. */
    static final int MAX_ITEMS = 1 << 16;
    /** A rating by its half-star count: {@code HALF[c] == c * 0.5}, exactly. */
    static final double[] HALF = new double[256];

    static {
        for (int c = 0; c < HALF.length; c++) {
            HALF[c] = c * 0.5;
        }
    }

    /**
     * The compact rows of a data set, or null when its item count or one of its ratings does not fit exactly.
     *
     * @param itemCount   items in the data set (indices 0 .. itemCount - 1)
     * @param start       where each user's ratings start in {@code userItems}
     * @param userItems   the items each user rated
     * @param userRatings the ratings, parallel to {@code userItems}
     */
    public static CompactRows of(int itemCount, int[] start, int[] userItems, double[] userRatings) {
        return itemCount > MAX_ITEMS ? null : encode(start, userItems, userRatings);
    }

    /** {@link #of} without the item count: null when one of the items or ratings does not fit exactly. */
    static CompactRows encode(int[] start, int[] userItems, double[] userRatings) {
        char[] items = new char[userItems.length];
        byte[] halfStars = new byte[userRatings.length];
        for (int p = 0; p < userRatings.length; p++) {
            double twice = userRatings[p] * 2;
            int c = (int) twice;
            int item = userItems[p];
            if (c != twice || c < 0 || c >= HALF.length || item < 0 || item >= MAX_ITEMS) {
                return null;
            }
            halfStars[p] = (byte) c;
            items[p] = (char) item;
        }
        return new CompactRows(start, items, halfStars);
    }

    /**
     * The transpose, as {@link RatingsData#byItem} makes it from the wide rows: each item's raters ascending, the same
     * ratings as doubles.
     */
    public RatingsData.ByItem byItem(int itemCount) {
        int[] itemStart = new int[itemCount + 1];
        for (char x : items) {
            itemStart[x + 1]++;
        }
        for (int i = 0; i < itemCount; i++) {
            itemStart[i + 1] += itemStart[i];
        }
        int[] fill = Arrays.copyOf(itemStart, itemCount);
        int[] users = new int[items.length];
        double[] ratings = new double[items.length];
        for (int u = 0; u + 1 < start.length; u++) {
            for (int p = start[u]; p < start[u + 1]; p++) {
                int at = fill[items[p]]++;
                users[at] = u;
                ratings[at] = HALF[halfStars[p] & 0xFF];
            }
        }
        return new RatingsData.ByItem(itemStart, users, ratings);
    }

    /** Each item's norm, summed in ascending user order as {@link RatingsData#norms} does: the same doubles. */
    public double[] norms(int itemCount) {
        double[] sq = new double[itemCount];
        for (int p = 0; p < items.length; p++) {
            double r = HALF[halfStars[p] & 0xFF];
            sq[items[p]] += r * r;
        }
        for (int i = 0; i < itemCount; i++) {
            sq[i] = Math.sqrt(sq[i]);
        }
        return sq;
    }

    /** Bytes these rows take beyond {@code start}: 3 a rating. */
    public long bytes() {
        return items.length * 2L + halfStars.length;
    }
}
