package dev.lodestone.samples.recommend;

import java.util.Arrays;

/**
 * The {@code capacity} best (value, item) pairs offered: higher value first, ties by smaller item. A sorted array
 * with insertion: the capacity is small (K, N) and most offers lose to the worst kept, at one comparison.
 *
 * <p>THREADING: one owner; reused with {@link #clear}.
 */
final class TopN {

    private final int[] items;
    private final double[] values;
    private int size;

    TopN(int capacity) {
        items = new int[capacity];
        values = new double[capacity];
    }

    void clear() {
        size = 0;
    }

    void offer(int item, double value) {
        int capacity = items.length;
        if (size == capacity && !better(item, value, items[size - 1], values[size - 1])) {
            return;
        }
        int at = size == capacity ? size - 1 : size++;
        while (at > 0 && better(item, value, items[at - 1], values[at - 1])) {
            items[at] = items[at - 1];
            values[at] = values[at - 1];
            at--;
        }
        items[at] = item;
        values[at] = value;
    }

    private static boolean better(int item, double value, int otherItem, double otherValue) {
        return value > otherValue || value == otherValue && item < otherItem;
    }

    int[] items() {
        return Arrays.copyOf(items, size);
    }

    double[] values() {
        return Arrays.copyOf(values, size);
    }
}
