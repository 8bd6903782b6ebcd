package dev.lodestone.samples.recommend;

/**
 * The ratings of the users whose index hashes to one partition, as one map entry (its key also hashes there): one
 * entry per partition instead of one per user, so that loading and fetching cost a few hundred operations, not
 * thousands.
 *
 * @param users   the users, ascending
 * @param start   where each user's ratings start in {@code items}; one more entry than users
 * @param items   the items each user rated, ascending within a user
 * @param ratings the ratings, parallel to {@code items}
 */
public record UserBlock(int[] users, int[] start, int[] items, double[] ratings) {
}
