package dev.lodestone.samples.recommend;

/**
 * The parameters of the recommendation job.
 *
 * <pre>{@code
 * Params p = Params.defaults().withK(30);
 * }</pre>
 *
 * @param k         neighbours kept per item
 * @param n         recommendations per user
 * @param minCommon users two items need in common to have a similarity
 */
public record Params(int k, int n, int minCommon) {

    /** The largest K, N and minCommon accepted: beyond it the outputs would be larger than any use. */
    public static final int MAX = 10_000;

    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException naming the parameter and its range
     */
    public Params {
        check("k", k);
        check("n", n);
        check("min-common", minCommon);
    }

    /** K = 20, N = 10, minCommon = 3. */
    public static Params defaults() {
        return new Params(20, 10, 3);
    }

    /** These parameters with K = {@code newK}. */
    public Params withK(int newK) {
        return new Params(newK, n, minCommon);
    }

    /** These parameters with N = {@code newN}. */
    public Params withN(int newN) {
        return new Params(k, newN, minCommon);
    }

    /** These parameters with minCommon = {@code newMinCommon}. */
    public Params withMinCommon(int newMinCommon) {
        return new Params(k, n, newMinCommon);
    }

    private static void check(String name, int value) {
        if (value < 1 || value > MAX) {
            throw new IllegalArgumentException(name + " must be in 1.." + MAX + "; got " + value);
        }
    }
}
