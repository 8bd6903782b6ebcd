package dev.lodestone.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * One figure over the measured rounds: its median, min and max.
 *
 * <pre>{@code
 * Stats s = Stats.of(List.of(3.0, 1.0, 2.0)); // median 2, min 1, max 3
 * }</pre>
 *
 * @param median the middle value; for an even count, the mean of the two middle values
 * @param min    the smallest value
 * @param max    the largest value
 * @param rounds how many values
 */
record Stats(double median, double min, double max, int rounds) {

    /**
     * The median, min and max of the values. A round that could not measure a figure reports NaN; then the
     * figure is unknown: NaN for all three (printed as n/a, written as null), never a median of the others.
     *
     * @throws IllegalArgumentException when there are no values
     */
    static Stats of(Collection<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double[] v = new double[values.size()];
        int i = 0;
        for (Double d : values) {
            if (d == null || !Double.isFinite(d)) {
                return new Stats(Double.NaN, Double.NaN, Double.NaN, values.size());
            }
            v[i++] = d;
        }
        Arrays.sort(v);
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new Stats(median, v[0], v[n - 1], n);
    }
}
