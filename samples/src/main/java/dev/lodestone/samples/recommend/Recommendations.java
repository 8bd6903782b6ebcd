package dev.lodestone.samples.recommend;

/**
 * A user's recommendations, best first (highest score, ties by smaller item), by dense indices.
 *
 * @param user   the user
 * @param items  the recommended items
 * @param scores their scores, parallel to {@code items}
 */
public record Recommendations(int user, int[] items, double[] scores) {
}
