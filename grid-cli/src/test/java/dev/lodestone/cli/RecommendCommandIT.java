package dev.lodestone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code grid generate-ratings} and {@code grid recommend}, as a user runs them: outputs, summaries and bad input. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RecommendCommandIT {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run grid(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = GridMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), Map.of());
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theEmbeddedGridWritesWhatLocalWritesAndBothSummarize() throws Exception {
        Path ratings = dir.resolve("in/ratings.csv");
        Run gen = grid("generate-ratings", "--users", "200", "--items", "300", "--ratings", "8000", "--seed", "3", "--out",
                ratings.toString());
        assertThat(gen.code()).as(gen.err()).isZero();
        assertThat(Files.readAllLines(ratings).get(0)).isEqualTo("userId,movieId,rating,timestamp");

        Run local = grid("recommend", "--ratings", ratings.toString(), "--out", dir.resolve("local").toString(), "--local");
        assertThat(local.code()).as(local.err()).isZero();
        assertThat(local.out()).contains("8,000 ratings").contains("ran local, ").contains("user 1: ");
        Run onGrid = grid("recommend", "--ratings", ratings.toString(), "--out", dir.resolve("out/grid").toString(), "--k", "10",
                "--n", "5");
        assertThat(onGrid.code()).as(onGrid.err()).isZero();
        assertThat(onGrid.out()).contains("2 members; tasks ran on {embedded-1=").contains("load ").contains("neighbours ")
                .contains("recommend ");
        Run localSame = grid("recommend", "--ratings", ratings.toString(), "--out", dir.resolve("local").toString(), "--local", "--k",
                "10", "--n", "5", "--overwrite");
        assertThat(localSame.code()).as(localSame.err()).isZero();
        for (String f : new String[] {"neighbours.csv", "recommendations.csv"}) {
            assertThat(Files.readAllLines(dir.resolve("out/grid").resolve(f))).as(f)
                    .isEqualTo(Files.readAllLines(dir.resolve("local").resolve(f)));
        }
    }

    @Test
    void badInputGetsAClearErrorAndWritesNothing() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.dat"), "1::10::4::1\n1::11::x::1\n");
        Run malformed = grid("recommend", "--ratings", bad.toString(), "--out", dir.resolve("o1").toString(), "--local");
        assertThat(malformed.code()).isEqualTo(1);
        assertThat(malformed.err()).contains(bad + ":2: the rating is not a decimal number in line '1::11::x::1'");
        assertThat(dir.resolve("o1")).doesNotExist();

        Run skipped = grid("recommend", "--ratings", bad.toString(), "--out", dir.resolve("o2").toString(), "--local",
                "--skip-bad-lines");
        assertThat(skipped.code()).as(skipped.err()).isZero();
        assertThat(skipped.out()).contains("1 bad lines skipped").contains("skipped " + bad + ":2: the rating is not a decimal number");

        Run range = grid("recommend", "--ratings", bad.toString(), "--out", dir.resolve("o3").toString(), "--k", "0");
        assertThat(range.code()).isEqualTo(2);
        assertThat(range.err()).contains("k must be in 1..10000; got 0");

        Files.createDirectories(dir.resolve("full"));
        Files.writeString(dir.resolve("full/keep.txt"), "mine");
        Run full = grid("recommend", "--ratings", bad.toString(), "--out", dir.resolve("full").toString(), "--local");
        assertThat(full.code()).isEqualTo(2);
        assertThat(full.err()).contains("exists and is not empty").contains("--overwrite");
        assertThat(dir.resolve("full/keep.txt")).hasContent("mine");

        Run missing = grid("recommend", "--ratings", dir.resolve("nope.dat").toString(), "--out", dir.resolve("o4").toString(),
                "--local");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.dat: no such file");

        Run odd = grid("recommend", "--ratings", Files.writeString(dir.resolve("odd.txt"), "1 2 3 4\n").toString(), "--out",
                dir.resolve("o5").toString(), "--local");
        assertThat(odd.code()).isEqualTo(1);
        assertThat(odd.err()).contains("odd.txt:1: unknown ratings format");

        Run usage = grid("recommend", "--ratings", bad.toString());
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("give --ratings FILE and --out DIR");

        Run tooFew = grid("generate-ratings", "--users", "100", "--items", "50", "--ratings", "10", "--out",
                dir.resolve("g.dat").toString());
        assertThat(tooFew.code()).isEqualTo(2);
        assertThat(tooFew.err()).contains("100 users rating at least 20 items each need at least 2000 ratings");
    }
}
