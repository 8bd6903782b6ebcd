package dev.lodestone.samples.wordcount;

import dev.lodestone.api.Grid;
import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.TaskHandle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A MapReduce-style word count on the grid.
 *
 * <ol>
 *   <li>Load: the file's lines go into a distributed map keyed by line number, so they spread over
 *       the partitions (and their backups) of every member.</li>
 *   <li>Map: one {@link CountPartitionWords} task per partition, affine to that partition, counts
 *       the words of the lines stored there, reading them locally.</li>
 *   <li>Reduce: the partial counts are merged as they arrive.</li>
 * </ol>
 *
 * <pre>{@code
 * try (Grid grid = Lodestone.embedded()) {
 *     WordCountJob.Result r = new WordCountJob(grid).run(Path.of("book.txt"));
 *     r.top(10).forEach(e -> System.out.println(e.getKey() + " " + e.getValue()));
 * }
 * }</pre>
 */
public final class WordCountJob {

    private static final int LOAD_BATCH = 2_000;

    private final Grid grid;

    /** A job on this grid. */
    public WordCountJob(Grid grid) {
        this.grid = grid;
    }

    /**
     * What the job found.
     *
     * @param lines       lines read
     * @param counts      occurrences per word
     * @param tasks       map tasks run
     * @param members     the members that ran them, with how many each
     * @param loadMillis  time to load the lines into the grid
     * @param countMillis time for the map and reduce phases
     */
    public record Result(long lines, Map<String, Long> counts, int tasks, Map<String, Integer> members, long loadMillis,
                         long countMillis) {

        /** Total words. */
        public long totalWords() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The {@code n} most frequent words, ties by word. */
        public List<Map.Entry<String, Long>> top(int n) {
            return counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(n).toList();
        }
    }

    /** Loads the file into a fresh map, counts its words on the grid, and destroys the map. */
    public Result run(Path file) {
        String mapName = "wordcount.lines." + Long.toHexString(System.nanoTime());
        GridMap<Integer, String> lines = grid.createMap(mapName);
        try {
            long t0 = System.nanoTime();
            long lineCount = load(file, lines);
            long t1 = System.nanoTime();
            int partitions = grid.cluster().partitionCount();
            List<Submission<HashMap<String, Long>>> batch = new ArrayList<>(partitions);
            for (int p = 0; p < partitions; p++) {
                batch.add(Submission.of(new CountPartitionWords(mapName), SubmitOptions.partition(p)));
            }
            List<TaskHandle<HashMap<String, Long>>> handles = grid.submitAll(batch);
            Map<String, Long> total = new HashMap<>();
            Map<String, Integer> members = new HashMap<>();
            for (TaskHandle<HashMap<String, Long>> h : handles) {
                h.result().join().forEach((word, n) -> total.merge(word, n, Long::sum));
                members.merge(h.executedOn().orElse("?"), 1, Integer::sum);
            }
            long t2 = System.nanoTime();
            return new Result(lineCount, total, handles.size(), members, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        } finally {
            lines.destroy();
        }
    }

    private static long load(Path file, GridMap<Integer, String> lines) {
        Map<Integer, String> chunk = new HashMap<>();
        int n = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                chunk.put(n++, line);
                if (chunk.size() == LOAD_BATCH) {
                    lines.putAll(chunk);
                    chunk.clear();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
        }
        if (!chunk.isEmpty()) {
            lines.putAll(chunk);
        }
        return n;
    }

    /** The same count in this JVM, single-threaded: the check for the grid's answer. */
    public static Map<String, Long> countLocally(Path file) {
        Map<String, Long> counts = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                Words.count(line, counts);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
        }
        return counts;
    }
}
