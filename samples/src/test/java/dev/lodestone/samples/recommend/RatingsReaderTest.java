package dev.lodestone.samples.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Formats, detection and bad input of ratings files. */
class RatingsReaderTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void theThreeFormatsReadTheSameRatings() throws IOException {
        RatingsData tab = RatingsReader.read(file("a.data", "1\t10\t4\t881250949\n2\t10\t3.5\t881250950\n"), false);
        RatingsData colons = RatingsReader.read(file("a.dat", "1::10::4::881250949\n2::10::3.5::881250950\n"), false);
        RatingsData csv = RatingsReader.read(file("a.csv", "userId,movieId,rating,timestamp\n1,10,4.0,881250949\n2,10,3.5,881250950\n"),
                false);
        for (RatingsData d : new RatingsData[] {tab, colons, csv}) {
            assertThat(d.userIds()).containsExactly(1, 2);
            assertThat(d.itemIds()).containsExactly(10);
            assertThat(d.userRatings()).containsExactly(4.0, 3.5);
        }
    }

    @Test
    void aMalformedLineStopsTheReadWithTheFileTheLineNumberAndTheLine() throws IOException {
        Path f = file("bad.dat", "1::10::4::1\n\n2::x::3::1\n");
        assertThatThrownBy(() -> RatingsReader.read(f, false)).isInstanceOf(RatingsFileException.class)
                .hasMessageStartingWith(f + ":3: the item id is not an integer in line '2::x::3::1'")
                .satisfies(e -> assertThat(((RatingsFileException) e).line()).isEqualTo(3));
        assertThatThrownBy(() -> RatingsReader.read(file("short.dat", "1::10::4::1\n1::11::4\n"), false))
                .hasMessageContaining(":2: expected 4 fields separated by '::'");
        assertThatThrownBy(() -> RatingsReader.read(file("nan.csv", "userId,movieId,rating,timestamp\n1,10,NaN,5\n"), false))
                .hasMessageContaining(":2: the rating is not a finite number");
    }

    @Test
    void skippedBadLinesAreCountedAndNamed() throws IOException {
        Path f = file("some-bad.dat", "1::10::4::1\n2::x::3::1\n3::10::2::t\n3::11::2::1\n");
        RatingsData d = RatingsReader.read(f, true);
        assertThat(d.ratings()).isEqualTo(2);
        assertThat(d.badLines()).isEqualTo(2);
        assertThat(d.firstBadLines()).containsExactly(f + ":2: the item id is not an integer", f + ":3: the timestamp is not an integer");
    }

    @Test
    void unknownFormatsMissingAndEmptyFilesAreRefusedClearly() throws IOException {
        Path odd = file("odd.txt", "1 10 4 1\n");
        assertThatThrownBy(() -> RatingsReader.read(odd, false)).isInstanceOf(RatingsFileException.class)
                .hasMessageContaining(odd + ":1: unknown ratings format");
        assertThatThrownBy(() -> RatingsReader.read(dir.resolve("nope.dat"), false)).hasMessageEndingWith("nope.dat: no such file");
        assertThatThrownBy(() -> RatingsReader.read(file("empty.dat", "\n\n"), false)).hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> RatingsReader.read(file("header.csv", "userId,movieId,rating,timestamp\n"), false))
                .hasMessageContaining("only a header");
    }

    @Test
    void outOfRangeParametersAreRefusedByName() {
        assertThatThrownBy(() -> new Params(0, 10, 3)).hasMessage("k must be in 1..10000; got 0");
        assertThatThrownBy(() -> Params.defaults().withN(-1)).hasMessage("n must be in 1..10000; got -1");
        assertThatThrownBy(() -> Params.defaults().withMinCommon(0)).hasMessage("min-common must be in 1..10000; got 0");
    }

    @Test
    void generatedFilesHaveTheAskedCountsNoRepeatedPairAndSkewedPopularity() throws IOException {
        Path f = dir.resolve("gen.csv");
        RatingsGenerator.write(f, 300, 400, 20_000, 5, RatingsFormat.CSV);
        RatingsData d = RatingsReader.read(f, false);
        assertThat(d.lines()).isEqualTo(20_000);
        assertThat(d.duplicates()).isZero();
        assertThat(d.userIds().length).isEqualTo(300);
        int[] perItem = new int[d.itemIds().length];
        for (int i = 0; i < perItem.length; i++) {
            perItem[i] = d.itemStart()[i + 1] - d.itemStart()[i];
        }
        java.util.Arrays.sort(perItem);
        int top10 = 0;
        for (int i = perItem.length - perItem.length / 10; i < perItem.length; i++) {
            top10 += perItem[i];
        }
        assertThat(top10).as("the most popular tenth of the items has far more than a tenth of the ratings").isGreaterThan(20_000 / 4);
        RatingsGenerator.write(dir.resolve("again.csv"), 300, 400, 20_000, 5, RatingsFormat.CSV);
        assertThat(Files.readString(dir.resolve("again.csv"))).as("same seed, same file").isEqualTo(Files.readString(f));
    }
}
