package dev.lodestone.samples.recommend;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a ratings file in any of the {@link RatingsFormat}s, detected from its first line. Blank lines are skipped; any
 * other line that is not four fields (integer user, integer item, finite decimal rating, integer timestamp) stops the
 * read with a {@link RatingsFileException} naming the file, the line number and the line, or, when bad lines are
 * skipped, is counted and reported by {@link RatingsData#badLines()}.
 *
 * <pre>{@code
 * RatingsData data = RatingsReader.read(Path.of("ratings.dat"), false);
 * }</pre>
 */
public final class RatingsReader {

    private static final int FIRST_BAD_LINES_KEPT = 5;

    private RatingsReader() {
    }

    /**
     * Reads {@code file}.
     *
     * @param skipBadLines count malformed lines instead of stopping at the first
     * @throws RatingsFileException when the file is missing, empty, of no known format, or (unless skipped) malformed
     */
    public static RatingsData read(Path file, boolean skipBadLines) {
        Columns c = new Columns();
        long bad = 0;
        String[] firstBad = new String[0];
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            while (first != null && first.isBlank()) {
                first = in.readLine();
            }
            if (first == null) {
                throw new RatingsFileException(file, 0, null, "no ratings: the file is empty");
            }
            RatingsFormat format = RatingsFormat.detect(file, first);
            long lineNo = 1;
            String line = format.header() == null ? first : in.readLine();
            if (format.header() != null) {
                lineNo++;
            }
            for (; line != null; line = in.readLine(), lineNo++) {
                if (line.isBlank()) {
                    continue;
                }
                String problem = parse(line, format, c);
                if (problem != null) {
                    if (!skipBadLines) {
                        throw new RatingsFileException(file, lineNo, line, problem, "--skip-bad-lines counts such lines and goes on");
                    }
                    bad++;
                    if (firstBad.length < FIRST_BAD_LINES_KEPT) {
                        firstBad = Arrays.copyOf(firstBad, firstBad.length + 1);
                        firstBad[firstBad.length - 1] = file + ":" + lineNo + ": " + problem;
                    }
                }
            }
            if (c.size == 0) {
                throw new RatingsFileException(file, 0, null, "no ratings: " + (bad > 0 ? "all " + bad + " lines are malformed"
                        : "the file has only a header"));
            }
            return RatingsData.of(c.users, c.items, c.ratings, c.size, bad, Arrays.asList(firstBad));
        } catch (NoSuchFileException e) {
            throw new RatingsFileException(file, 0, null, "no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Adds the rating on {@code line} to {@code c}; returns what is wrong with the line, or null. */
    private static String parse(String line, RatingsFormat format, Columns c) {
        String sep = format.separator();
        int a = line.indexOf(sep);
        int b = a < 0 ? -1 : line.indexOf(sep, a + sep.length());
        int d = b < 0 ? -1 : line.indexOf(sep, b + sep.length());
        if (d < 0 || line.indexOf(sep, d + sep.length()) >= 0) {
            return "expected 4 fields separated by '" + (sep.equals("\t") ? "<TAB>" : sep) + "'";
        }
        int user;
        int item;
        double rating;
        try {
            user = Integer.parseInt(line.substring(0, a).strip());
        } catch (NumberFormatException e) {
            return "the user id is not an integer";
        }
        try {
            item = Integer.parseInt(line.substring(a + sep.length(), b).strip());
        } catch (NumberFormatException e) {
            return "the item id is not an integer";
        }
        try {
            rating = Double.parseDouble(line.substring(b + sep.length(), d).strip());
        } catch (NumberFormatException e) {
            return "the rating is not a decimal number";
        }
        if (!Double.isFinite(rating)) {
            return "the rating is not a finite number";
        }
        try {
            Long.parseLong(line.substring(d + sep.length()).strip());
        } catch (NumberFormatException e) {
            return "the timestamp is not an integer";
        }
        c.add(user, item, rating);
        return null;
    }

    /** Growable columns of the ratings in file order. */
    private static final class Columns {
        int[] users = new int[1 << 16];
        int[] items = new int[1 << 16];
        double[] ratings = new double[1 << 16];
        int size;

        void add(int user, int item, double rating) {
            if (size == users.length) {
                int grown = size + (size >> 1);
                users = Arrays.copyOf(users, grown);
                items = Arrays.copyOf(items, grown);
                ratings = Arrays.copyOf(ratings, grown);
            }
            users[size] = user;
            items[size] = item;
            ratings[size] = rating;
            size++;
        }
    }
}
