package dev.lodestone.samples.recommend;

/**
 * One user's ratings as the grid holds them: dense item indices, ascending, and the ratings.
 *
 * @param items   the items the user rated
 * @param ratings the ratings, parallel to {@code items}
 */
public record UserRow(int[] items, double[] ratings) {
}
