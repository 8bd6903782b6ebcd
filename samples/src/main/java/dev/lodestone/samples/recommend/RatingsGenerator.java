package dev.lodestone.samples.recommend;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * Writes a synthetic ratings file that looks like a real one: item popularity follows a Zipf law (a few items get
 * most ratings), user activity a log-normal one (most users rate a few dozen items, some hundreds), and each rating
 * comes from hidden tastes (a user's and an item's bias, and 8 latent factors) plus noise, so that similar items
 * really are rated alike. No (user, item) pair repeats. Lines are grouped by user, as in MovieLens; ratings are
 * whole stars (1-5) in the TAB and {@code ::} formats and half stars (0.5-5) in CSV. The same arguments always write
 * the same file.
 *
 * <pre>{@code
 * RatingsGenerator.write(Path.of("ratings.dat"), 6_000, 3_700, 1_000_000, 42, RatingsFormat.DOUBLE_COLON);
 * }</pre>
 */
public final class RatingsGenerator {

    private static final int FACTORS = 8;
    private static final double ZIPF_EXPONENT = 1.0;
    private static final double ZIPF_OFFSET = 10;
    private static final long FIRST_TIMESTAMP = 956_703_932L;
    private static final int MIN_PER_USER = 20;

    private RatingsGenerator() {
    }

    /**
     * Writes {@code ratings} ratings by {@code users} users of {@code items} items.
     *
     * @throws IllegalArgumentException when the counts cannot be met (each user rates at least
     *                                  min(20, items) items and at most all of them)
     */
    public static void write(Path out, int users, int items, long ratings, long seed, RatingsFormat format) {
        if (users < 1 || items < 1 || ratings < 1) {
            throw new IllegalArgumentException("--users, --items and --ratings must be at least 1; got " + users + ", " + items
                    + ", " + ratings);
        }
        int least = Math.min(MIN_PER_USER, items);
        if ((long) users * least > ratings) {
            throw new IllegalArgumentException(users + " users rating at least " + least + " items each need at least "
                    + (long) users * least + " ratings; got --ratings " + ratings);
        }
        if ((long) users * items < ratings) {
            throw new IllegalArgumentException(users + " users of " + items + " items can give at most " + (long) users * items
                    + " distinct ratings; got --ratings " + ratings);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] perUser = activity(users, items, ratings, least, random);
        double[] popularity = new double[items];
        int[] idOfRank = shuffledIds(items, random);
        double total = 0;
        for (int rank = 0; rank < items; rank++) {
            popularity[rank] = 1 / Math.pow(rank + ZIPF_OFFSET, ZIPF_EXPONENT);
            total += popularity[rank];
        }
        double[] cumulative = new double[items];
        double sum = 0;
        for (int rank = 0; rank < items; rank++) {
            sum += popularity[rank] / total;
            cumulative[rank] = sum;
        }
        double[][] itemTaste = new double[items][FACTORS];
        double[] itemBias = new double[items];
        for (int rank = 0; rank < items; rank++) {
            for (int f = 0; f < FACTORS; f++) {
                itemTaste[rank][f] = gaussian(random) * 0.45;
            }
            itemBias[rank] = gaussian(random) * 0.5 + (rank < items / 10 ? 0.3 : 0); // popular items rate a little higher
        }
        String sep = format.separator();
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            if (format.header() != null) {
                w.write(format.header());
                w.write('\n');
            }
            BitSet chosen = new BitSet(items);
            int[] picks = new int[items];
            double[] taste = new double[FACTORS];
            for (int u = 0; u < users; u++) {
                double userBias = gaussian(random) * 0.4;
                for (int f = 0; f < FACTORS; f++) {
                    taste[f] = gaussian(random) * 0.45;
                }
                int n = pick(perUser[u], cumulative, popularity, chosen, picks, random);
                long time = FIRST_TIMESTAMP + random.nextLong(90_000_000L);
                for (int x = 0; x < n; x++) {
                    int rank = picks[x];
                    double dot = 0;
                    for (int f = 0; f < FACTORS; f++) {
                        dot += taste[f] * itemTaste[rank][f];
                    }
                    double raw = 3.55 + userBias + itemBias[rank] + 2.2 * dot + gaussian(random) * 0.6;
                    time += random.nextInt(1, 4_000);
                    w.write((u + 1) + sep + idOfRank[rank] + sep + stars(raw, format) + sep + time + "\n");
                }
                chosen.clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + out + ": " + e.getMessage(), e);
        }
    }

    /** How many items each user rates: log-normal weights, at least {@code least}, at most every item, summing to {@code total}. */
    private static int[] activity(int users, int items, long total, int least, SplittableRandom random) {
        double[] weight = new double[users];
        double sum = 0;
        for (int u = 0; u < users; u++) {
            weight[u] = Math.exp(gaussian(random) * 1.1);
            sum += weight[u];
        }
        int[] n = new int[users];
        long assigned = 0;
        long spare = total - (long) users * least;
        for (int u = 0; u < users; u++) {
            n[u] = (int) Math.min(items, least + Math.round(spare * weight[u] / sum));
            assigned += n[u];
        }
        while (assigned != total) { // rounding and the per-user cap: settle the difference one rating at a time
            int u = random.nextInt(users);
            if (assigned < total && n[u] < items) {
                n[u]++;
                assigned++;
            } else if (assigned > total && n[u] > least) {
                n[u]--;
                assigned--;
            }
        }
        return n;
    }

    /** Picks {@code count} distinct item ranks by popularity into {@code picks}, ascending by rank. */
    private static int pick(int count, double[] cumulative, double[] popularity, BitSet chosen, int[] picks, SplittableRandom random) {
        int items = cumulative.length;
        if (count * 4 <= items) { // few: draw and redraw repeats
            int n = 0;
            while (n < count) {
                int rank = Arrays.binarySearch(cumulative, random.nextDouble() * cumulative[items - 1]);
                rank = Math.min(items - 1, rank < 0 ? -rank - 1 : rank);
                if (!chosen.get(rank)) {
                    chosen.set(rank);
                    n++;
                }
            }
        } else { // many: weighted sampling without replacement, the `count` largest u^(1/w) keys
            double[] keys = new double[items];
            for (int rank = 0; rank < items; rank++) {
                keys[rank] = Math.log(random.nextDouble() + Double.MIN_VALUE) / popularity[rank];
            }
            double[] sorted = keys.clone();
            Arrays.sort(sorted);
            double cut = sorted[items - count];
            for (int rank = 0, n = 0; rank < items && n < count; rank++) {
                if (keys[rank] >= cut) {
                    chosen.set(rank);
                    n++;
                }
            }
        }
        int n = 0;
        for (int rank = chosen.nextSetBit(0); rank >= 0; rank = chosen.nextSetBit(rank + 1)) {
            picks[n++] = rank;
        }
        return n;
    }

    private static int[] shuffledIds(int items, SplittableRandom random) {
        int[] ids = new int[items];
        for (int i = 0; i < items; i++) {
            ids[i] = i + 1;
        }
        for (int i = items - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        return ids;
    }

    private static String stars(double raw, RatingsFormat format) {
        if (format == RatingsFormat.CSV) {
            double half = Math.max(0.5, Math.min(5, Math.round(raw * 2) / 2.0));
            return Double.toString(half);
        }
        return Long.toString(Math.max(1, Math.min(5, Math.round(raw))));
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u + Double.MIN_VALUE)) * Math.cos(2 * Math.PI * v);
    }
}
