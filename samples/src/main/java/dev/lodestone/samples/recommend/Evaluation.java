package dev.lodestone.samples.recommend;

import java.util.Arrays;

/**
 * Precision and recall at N against held-out ratings: for every user with at least one test rating,
 * hits = |top-N(u) ∩ test items of u|; precision@N = hits / (N × users evaluated); recall@N = hits / test ratings.
 * A test user the training data does not know has no recommendations, and counts with no hits.
 *
 * <pre>{@code
 * Evaluation e = Evaluation.of(RatingsReader.read(testFile, false), result, params.n());
 * System.out.printf("precision@%d %.4f%n", params.n(), e.precision());
 * }</pre>
 *
 * @param users       users evaluated
 * @param testRatings test ratings (after duplicates)
 * @param hits        recommended items found among the user's test items, over all users
 * @param precision   precision@N
 * @param recall      recall@N
 */
public record Evaluation(int users, int testRatings, long hits, double precision, double recall) {

    /** Evaluates {@code result}'s top-{@code n} lists against {@code test}. */
    public static Evaluation of(RatingsData test, RecommendResult result, int n) {
        int[] trainUsers = result.data().userIds();
        int[] trainItems = result.data().itemIds();
        long hits = 0;
        int[] testUsers = test.userIds();
        for (int tu = 0; tu < testUsers.length; tu++) {
            int u = Arrays.binarySearch(trainUsers, testUsers[tu]);
            Recommendations rec = u < 0 ? null : result.recommendations()[u];
            if (rec == null) {
                continue;
            }
            int from = test.userStart()[tu];
            int to = test.userStart()[tu + 1];
            for (int item : rec.items()) { // the user's test items are sorted by id, as indices of the test data
                int testItem = Arrays.binarySearch(test.itemIds(), trainItems[item]);
                if (testItem >= 0 && Arrays.binarySearch(test.userItems(), from, to, testItem) >= 0) {
                    hits++;
                }
            }
        }
        int users = testUsers.length;
        int ratings = test.ratings();
        return new Evaluation(users, ratings, hits, users == 0 ? 0 : (double) hits / ((double) n * users),
                ratings == 0 ? 0 : (double) hits / ratings);
    }
}
