package dev.lodestone.samples.recommend;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes {@code neighbours.csv} ({@code item,rank,neighbour,similarity}) and {@code recommendations.csv}
 * ({@code user,rank,item,score}), sorted by item or user then rank, ranks from 1, doubles as {@link Double#toString}
 * writes them (they parse back to the same double). Nothing is half-written: both go to a temporary directory beside
 * the output, which then takes the output's place.
 *
 * <pre>{@code
 * RecommendOutput.checkWritable(out, false);   // before the job, so that a bad --out fails fast
 * RecommendOutput.write(out, false, result);
 * }</pre>
 */
public final class RecommendOutput {

    /** The neighbours file's name. */
    public static final String NEIGHBOURS = "neighbours.csv";
    /** The recommendations file's name. */
    public static final String RECOMMENDATIONS = "recommendations.csv";

    private RecommendOutput() {
    }

    /**
     * Checks that {@code dir} may be written: absent, empty, or {@code overwrite}.
     *
     * @throws IllegalArgumentException saying why not
     */
    public static void checkWritable(Path dir, boolean overwrite) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file, not a directory");
        }
        if (!overwrite && Files.isDirectory(dir) && !isEmpty(dir)) {
            throw new IllegalArgumentException("--out " + dir + " exists and is not empty; choose another directory or add --overwrite");
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("--out " + dir + ": its parent directory " + parent + " does not exist");
        }
    }

    /** Writes both files of {@code r} into {@code dir}, replacing it whole. */
    public static void write(Path dir, boolean overwrite, RecommendResult r) {
        checkWritable(dir, overwrite);
        Path target = dir.toAbsolutePath();
        try {
            Path temp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".writing-");
            try {
                writeNeighbours(temp.resolve(NEIGHBOURS), r);
                writeRecommendations(temp.resolve(RECOMMENDATIONS), r);
                Path old = null;
                if (Files.exists(target)) { // checked: empty, or to be overwritten
                    old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
                    Files.delete(old);
                    Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                if (old != null) {
                    deleteTree(old);
                }
            } catch (IOException | RuntimeException e) {
                deleteTree(temp);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void writeNeighbours(Path file, RecommendResult r) throws IOException {
        int[] itemIds = r.data().itemIds();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("item,rank,neighbour,similarity\n");
            for (int i = 0; i < itemIds.length; i++) { // indices ascend with ids
                Neighbours nb = r.neighbours()[i];
                if (nb == null) {
                    continue;
                }
                for (int k = 0; k < nb.neighbours().length; k++) {
                    w.write(itemIds[i] + "," + (k + 1) + "," + itemIds[nb.neighbours()[k]] + "," + nb.similarities()[k] + "\n");
                }
            }
        }
    }

    private static void writeRecommendations(Path file, RecommendResult r) throws IOException {
        int[] userIds = r.data().userIds();
        int[] itemIds = r.data().itemIds();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("user,rank,item,score\n");
            for (int u = 0; u < userIds.length; u++) {
                Recommendations rec = r.recommendations()[u];
                if (rec == null) {
                    continue;
                }
                for (int k = 0; k < rec.items().length; k++) {
                    w.write(userIds[u] + "," + (k + 1) + "," + itemIds[rec.items()[k]] + "," + rec.scores()[k] + "\n");
                }
            }
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (DirectoryNotEmptyException e) {
                    throw new IOException("cannot delete " + p + ": " + e.getMessage(), e);
                }
            }
        }
    }
}
