package dev.lodestone.samples.recommend;

/**
 * One item's ratings as the grid holds them: dense user indices, ascending, and the ratings.
 *
 * @param users   the users who rated the item
 * @param ratings the ratings, parallel to {@code users}
 */
public record ItemRow(int[] users, double[] ratings) {
}
