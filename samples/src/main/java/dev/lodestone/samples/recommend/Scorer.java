package dev.lodestone.samples.recommend;

/**
 * Scores the items a user has not rated: score(u, j) = Σ sim(i, j)·r_ui over the items i the user rated that have j
 * among their neighbours, summed in ascending i; the N best scores, ties by smaller item. Items no such i reaches
 * get no score. Both the local and the grid job use it.
 *
 * <p>THREADING: one per thread; it keeps dense scratch arrays the size of the item count.
 */
public final class Scorer {

    private final double[] score;
    private final boolean[] scored;
    private final boolean[] rated;
    private final int[] touched;
    private final TopN best;

    /** A scorer for a data set of {@code items} items. */
    public Scorer(int items, Params params) {
        this.score = new double[items];
        this.scored = new boolean[items];
        this.rated = new boolean[items];
        this.touched = new int[items];
        this.best = new TopN(params.n());
    }

    /**
     * The recommendations of user {@code user}, who rated {@code items[from..to)} (ascending) with {@code ratings}.
     *
     * @param neighbours every item's neighbours, by item (null: none)
     */
    public Recommendations recommend(int user, int[] items, double[] ratings, int from, int to, Neighbours[] neighbours) {
        for (int x = from; x < to; x++) {
            rated[items[x]] = true;
        }
        int n = 0;
        for (int x = from; x < to; x++) {
            Neighbours nb = neighbours[items[x]];
            if (nb == null) {
                continue;
            }
            double r = ratings[x];
            int[] js = nb.neighbours();
            double[] sims = nb.similarities();
            for (int y = 0; y < js.length; y++) {
                int j = js[y];
                if (rated[j]) {
                    continue;
                }
                if (!scored[j]) {
                    scored[j] = true;
                    touched[n++] = j;
                }
                score[j] += sims[y] * r;
            }
        }
        best.clear();
        for (int t = 0; t < n; t++) {
            int j = touched[t];
            best.offer(j, score[j]);
            score[j] = 0;
            scored[j] = false;
        }
        for (int x = from; x < to; x++) {
            rated[items[x]] = false;
        }
        return new Recommendations(user, best.items(), best.values());
    }
}
