package dev.lodestone.samples.wordcount;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a reproducible text whose word frequencies follow Zipf's law, like natural language, so
 * the demo needs no downloaded data.
 */
public final class TextGenerator {

    private static final String[] SYLLABLES = {
        "ka", "lo", "de", "stone", "mi", "ra", "ven", "tor", "el", "sa", "qu", "in", "mar", "o", "ta", "ri", "gen", "ul",
        "bo", "na", "the", "and", "of", "to", "grid", "task", "node",
    };

    private TextGenerator() {
    }

    /** Writes {@code lines} lines to {@code out}; the same seed gives the same text. */
    public static void write(Path out, int lines, long seed) throws IOException {
        int vocabulary = 5_000;
        String[] words = new String[vocabulary];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < vocabulary; i++) {
            StringBuilder w = new StringBuilder();
            int syllables = 1 + (i < 50 ? 0 : rnd.nextInt(3));
            for (int s = 0; s < syllables; s++) {
                w.append(SYLLABLES[rnd.nextInt(SYLLABLES.length)]);
            }
            words[i] = w.toString();
        }
        double[] cumulative = new double[vocabulary];
        double sum = 0;
        for (int i = 0; i < vocabulary; i++) {
            sum += 1.0 / (i + 1);
            cumulative[i] = sum;
        }
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int l = 0; l < lines; l++) {
                int n = 4 + rnd.nextInt(12);
                for (int k = 0; k < n; k++) {
                    double x = rnd.nextDouble() * sum;
                    int lo = 0;
                    int hi = vocabulary - 1;
                    while (lo < hi) {
                        int mid = (lo + hi) >>> 1;
                        if (cumulative[mid] < x) {
                            lo = mid + 1;
                        } else {
                            hi = mid;
                        }
                    }
                    if (k > 0) {
                        w.write(k % 7 == 0 ? ", " : " ");
                    }
                    w.write(k == 0 ? capitalize(words[lo]) : words[lo]);
                }
                w.write('.');
                w.newLine();
            }
        }
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
