package dev.lodestone.samples.recommend;

/**
 * An item's nearest neighbours, best first (highest similarity, ties by smaller item), by dense item index.
 *
 * @param item         the item
 * @param neighbours   its neighbours
 * @param similarities their similarities to it, parallel to {@code neighbours}
 */
public record Neighbours(int item, int[] neighbours, double[] similarities) {
}
