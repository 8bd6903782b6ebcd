package dev.lodestone.samples.wordcount;

import java.util.Locale;
import java.util.Map;

/** How the word count splits text: lower case, runs of letters, digits and apostrophes. */
public final class Words {

    private Words() {
    }

    /** Adds the words of {@code line} to {@code counts}. */
    public static void count(String line, Map<String, Long> counts) {
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && !isWordChar(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && isWordChar(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                counts.merge(line.substring(start, i).toLowerCase(Locale.ROOT), 1L, Long::sum);
            }
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '\'';
    }
}
