package dev.lodestone.samples.recommend;

/**
 * Finds an item's K nearest neighbours by cosine similarity of raw ratings:
 * sim(i, j) = Σ_u r_ui·r_uj / (‖r_i‖·‖r_j‖) over the users who rated both, for pairs with at least minCommon such
 * users, the norms over all of each item's ratings; the K items with the highest similarity above 0, ties by smaller
 * item. Both the local and the grid job use it, summing in the same order (the item's raters by ascending user),
 * so that they get the same doubles.
 *
 * <p>THREADING: one per thread; it keeps dense scratch arrays the size of the item count.
 */
public final class NeighbourFinder {

    private final double[] dot;
    private final int[] common;
    private final int[] touched;
    private final TopN best;
    private final Params params;

    /** A finder for a data set of {@code items} items. */
    public NeighbourFinder(int items, Params params) {
        this.dot = new double[items];
        this.common = new int[items];
        this.touched = new int[items];
        this.best = new TopN(params.k());
        this.params = params;
    }

    /**
     * The neighbours of item {@code item}.
     *
     * @param raters       the users who rated it, ascending, from {@code from} to {@code to}
     * @param raterRatings their ratings of it
     * @param userStart    every user's ratings: where each starts in {@code userItems}
     * @param userItems    the items each user rated
     * @param userRatings  the ratings, parallel to {@code userItems}
     * @param norms        every item's norm
     */
    public Neighbours find(int item, int[] raters, double[] raterRatings, int from, int to, int[] userStart, int[] userItems,
                           double[] userRatings, double[] norms) {
        int n = 0;
        for (int x = from; x < to; x++) {
            int u = raters[x];
            double r = raterRatings[x];
            for (int p = userStart[u], end = userStart[u + 1]; p < end; p++) {
                int j = userItems[p];
                if (j == item) {
                    continue;
                }
                if (common[j]++ == 0) {
                    touched[n++] = j;
                }
                dot[j] += r * userRatings[p];
            }
        }
        return select(item, n, norms);
    }

    /**
     * The same as {@link #find(int, int[], double[], int, int, int[], int[], double[], double[])} on {@link CompactRows},
     * with the same sums in the same order: a half-star count times 0.5 is the rating exactly. The loop is written
     * out twice on purpose: it is the job's hottest, and reading the rows through an interface would cost a call per
     * rating.
     *
     * @param rows every user's ratings, compact
     */
    public Neighbours find(int item, int[] raters, double[] raterRatings, int from, int to, CompactRows rows, double[] norms) {
        int[] userStart = rows.start();
        char[] userItems = rows.items();
        byte[] halfStars = rows.halfStars();
        double[] half = CompactRows.HALF;
        int n = 0;
        for (int x = from; x < to; x++) {
            int u = raters[x];
            double r = raterRatings[x];
            for (int p = userStart[u], end = userStart[u + 1]; p < end; p++) {
                int j = userItems[p];
                if (j == item) {
                    continue;
                }
                if (common[j]++ == 0) {
                    touched[n++] = j;
                }
                dot[j] += r * half[halfStars[p] & 0xFF];
            }
        }
        return select(item, n, norms);
    }

    /** The K best of the {@code n} items touched, by similarity; clears the scratch for the next item. */
    private Neighbours select(int item, int n, double[] norms) {
        best.clear();
        double normI = norms[item];
        int minCommon = params.minCommon();
        for (int t = 0; t < n; t++) {
            int j = touched[t];
            if (common[j] >= minCommon) {
                double sim = dot[j] / (normI * norms[j]);
                if (sim > 0) {
                    best.offer(j, sim);
                }
            }
            dot[j] = 0;
            common[j] = 0;
        }
        return new Neighbours(item, best.items(), best.values());
    }
}
