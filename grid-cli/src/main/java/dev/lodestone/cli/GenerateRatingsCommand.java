package dev.lodestone.cli;

import dev.lodestone.runtime.Flags;
import dev.lodestone.samples.recommend.RatingsFormat;
import dev.lodestone.samples.recommend.RatingsGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code grid generate-ratings}: writes a synthetic ratings file ({@link RatingsGenerator}) in one of the MovieLens
 * formats, chosen by {@code --format} or by the file's extension ({@code .csv}: CSV, {@code .dat}: {@code ::}, else
 * TAB). Written to a temporary file beside it, then moved into place.
 */
final class GenerateRatingsCommand {

    private final PrintStream out;

    GenerateRatingsCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] args, Map<String, String> env) {
        Flags flags = Flags.parse(args, Set.of("users", "items", "ratings", "seed", "out", "format"), Set.of("overwrite"), null);
        Integer users = flags.intValue("users", 1, 100_000_000);
        Integer items = flags.intValue("items", 1, 100_000_000);
        String ratings = flags.get("ratings");
        String file = flags.get("out");
        if (users == null || items == null || ratings == null || file == null) {
            throw new Flags.UsageException("give --users U --items I --ratings R --out FILE [--seed S] [--format tab|colons|csv]");
        }
        long count;
        long seed;
        try {
            count = Long.parseLong(ratings.replace("_", ""));
            seed = Long.parseLong(flags.get("seed", "42"));
        } catch (NumberFormatException e) {
            throw new Flags.UsageException("--ratings and --seed take integers; got " + ratings + " and " + flags.get("seed", "42"));
        }
        Path target = Path.of(file);
        if (Files.exists(target) && !flags.has("overwrite")) {
            throw new Flags.UsageException("--out " + file + " exists; choose another file or add --overwrite");
        }
        RatingsFormat format = format(flags.get("format"), file);
        long t0 = System.nanoTime();
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".writing");
            try {
                RatingsGenerator.write(temp, users, items, count, seed, format);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IllegalArgumentException e) {
            throw new Flags.UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + ": " + e.getMessage(), e);
        }
        out.printf(Locale.ROOT, "wrote %,d ratings by %,d users of %,d items (%s format, seed %d) to %s in %d ms%n", count, users, items,
                format, seed, file, (System.nanoTime() - t0) / 1_000_000);
        return 0;
    }

    private static RatingsFormat format(String flag, String file) {
        if (flag == null) {
            return file.endsWith(".csv") ? RatingsFormat.CSV : file.endsWith(".dat") ? RatingsFormat.DOUBLE_COLON : RatingsFormat.TAB;
        }
        return switch (flag) {
            case "tab" -> RatingsFormat.TAB;
            case "colons" -> RatingsFormat.DOUBLE_COLON;
            case "csv" -> RatingsFormat.CSV;
            default -> throw new Flags.UsageException("--format takes tab, colons or csv; got " + flag);
        };
    }
}
