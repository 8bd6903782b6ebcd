package dev.lodestone.cli;

import dev.lodestone.api.Grid;
import dev.lodestone.runtime.Flags;
import dev.lodestone.samples.wordcount.TextGenerator;
import dev.lodestone.samples.wordcount.WordCountJob;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Set;

/** {@code grid wordcount}: runs the word count sample and checks it against a local count. */
final class WordCountCommand {

    private final PrintStream out;

    WordCountCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] args, Map<String, String> env) {
        Flags flags = Flags.parse(args, Set.of("input", "cluster", "cluster-name", "top", "lines"), Set.of(), null);
        int top = flags.intValue("top", 1, 1_000) == null ? 10 : flags.intValue("top", 1, 1_000);
        Path input = input(flags);
        out.printf("word count of %s (%,d bytes)%n", input, size(input));
        long t0 = System.nanoTime();
        try (Grid grid = GridMain.open(flags, true)) {
            long t1 = System.nanoTime();
            out.printf("cluster '%s': %d members, %d partitions (ready in %d ms)%n", grid.cluster().name(),
                    grid.cluster().members().size(), grid.cluster().partitionCount(), (t1 - t0) / 1_000_000);
            WordCountJob.Result r = new WordCountJob(grid).run(input);
            out.printf("%,d lines, %,d words, %,d distinct; load %d ms, count %d ms; %d map tasks ran on %s%n", r.lines(),
                    r.totalWords(), r.counts().size(), r.loadMillis(), r.countMillis(), r.tasks(), r.members());
            out.println("top " + top + ":");
            r.top(top).forEach(e -> out.printf("  %-16s %,d%n", e.getKey(), e.getValue()));
            Map<String, Long> local = WordCountJob.countLocally(input);
            if (!local.equals(r.counts())) {
                out.println("MISMATCH: the grid's counts differ from a local count of the same file");
                return 1;
            }
            out.println("checked: the grid's counts equal a local single-threaded count of the file");
            return 0;
        }
    }

    private static Path input(Flags flags) {
        String file = flags.get("input");
        if (file != null) {
            Path p = Paths.get(file);
            if (!Files.isRegularFile(p)) {
                throw new Flags.UsageException("--input " + file + ": no such file");
            }
            return p;
        }
        int lines = flags.intValue("lines", 1, 10_000_000) == null ? 20_000 : flags.intValue("lines", 1, 10_000_000);
        try {
            Path p = Files.createTempFile("lodestone-wordcount-", ".txt");
            p.toFile().deleteOnExit();
            TextGenerator.write(p, lines, 42);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("writing the sample text: " + e.getMessage(), e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
