package dev.lodestone.samples.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestone.api.EmbeddedOptions;
import dev.lodestone.api.Grid;
import dev.lodestone.api.Lodestone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The grid job against the local one on 100,000 generated ratings, in each input format: the same neighbours and
 * recommendations (the same kernels sum in the same order, so the outputs are equal to the last bit, which is within
 * the 1e-9 the job promises), with every phase run as tasks on both members.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RecommendIT {

    private static Grid grid;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        grid = Lodestone.embedded(EmbeddedOptions.members(2).withPartitions(31));
    }

    @AfterAll
    static void stop() {
        if (grid != null) {
            grid.close();
        }
    }

    @ParameterizedTest
    @EnumSource(RatingsFormat.class)
    void theGridJobEqualsTheLocalOneInEveryFormat(RatingsFormat format) throws Exception {
        Path ratings = dir.resolve("ratings-" + format);
        RatingsGenerator.write(ratings, 1_000, 1_700, 100_000, 11, format);
        RatingsData data = RatingsReader.read(ratings, false);
        assertThat(data.ratings()).isEqualTo(100_000);

        RecommendResult local = LocalRecommender.run(data, Params.defaults(), 2);
        RecommendResult onGrid = new GridRecommender(grid).run(data, Params.defaults(), Progress.NONE);

        assertThat(onGrid.where()).contains("embedded-1").contains("embedded-2");
        assertSameOutputs(local, onGrid, format.toString());
        assertThat(grid.unwrap(com.hazelcast.core.HazelcastInstance.class).getDistributedObjects())
                .as("the run's maps are destroyed").noneMatch(o -> o.getName().startsWith("recommend."));
    }

    @Test
    void ratingsThatAreNotHalfStarsGiveTheSameResultsThroughTheWideRows() throws Exception {
        Path ratings = dir.resolve("ratings-wide");
        RatingsGenerator.write(ratings, 500, 600, 30_000, 13, RatingsFormat.TAB);
        RatingsData whole = RatingsReader.read(ratings, false);
        int n = whole.ratings();
        int[] users = new int[n];
        int[] items = new int[n];
        double[] values = new double[n];
        for (int u = 0, x = 0; u < whole.userIds().length; u++) {
            for (int p = whole.userStart()[u]; p < whole.userStart()[u + 1]; p++, x++) {
                users[x] = whole.userIds()[u];
                items[x] = whole.itemIds()[whole.userItems()[p]];
                values[x] = whole.userRatings()[p] - 0.3; // 0.7, 1.7, ...: no longer half stars
            }
        }
        RatingsData data = RatingsData.of(users, items, values, n, 0, List.of());
        assertThat(CompactRows.of(data.itemIds().length, data.userStart(), data.userItems(), data.userRatings())).isNull();

        RecommendResult local = LocalRecommender.run(data, Params.defaults(), 2);
        RecommendResult onGrid = new GridRecommender(grid).run(data, Params.defaults(), Progress.NONE);

        assertSameOutputs(local, onGrid, "wide");
    }

    private static void assertSameOutputs(RecommendResult local, RecommendResult onGrid, String name) throws Exception {
        Path localOut = dir.resolve("local-" + name);
        Path gridOut = dir.resolve("grid-" + name);
        RecommendOutput.write(localOut, false, local);
        RecommendOutput.write(gridOut, false, onGrid);
        for (String file : List.of(RecommendOutput.NEIGHBOURS, RecommendOutput.RECOMMENDATIONS)) {
            List<String> l = Files.readAllLines(localOut.resolve(file));
            List<String> g = Files.readAllLines(gridOut.resolve(file));
            assertThat(l.size()).as(file).isGreaterThan(1_000);
            assertThat(g).as(file).hasSameSizeAs(l);
            for (int x = 1; x < l.size(); x++) {
                String[] a = l.get(x).split(",");
                String[] b = g.get(x).split(",");
                assertThat(b[0]).as("%s line %d", file, x + 1).isEqualTo(a[0]);
                assertThat(b[1]).isEqualTo(a[1]);
                double va = Double.parseDouble(a[3]);
                double vb = Double.parseDouble(b[3]);
                assertThat(Math.abs(va - vb)).as("%s line %d: %s vs %s", file, x + 1, l.get(x), g.get(x))
                        .isLessThanOrEqualTo(1e-9 * Math.abs(va));
                if (!a[2].equals(b[2])) { // only a near-tie may swap
                    assertThat(Math.abs(va - vb)).isLessThanOrEqualTo(1e-9 * Math.abs(va));
                }
            }
        }
    }

    @Test
    void aTestFileIsEvaluatedTheSameWayOnBoth() throws Exception {
        Path train = dir.resolve("train.dat");
        Path test = dir.resolve("test.dat");
        RatingsGenerator.write(train, 300, 500, 15_000, 3, RatingsFormat.DOUBLE_COLON);
        RatingsGenerator.write(test, 300, 500, 6_000, 4, RatingsFormat.DOUBLE_COLON);
        RatingsData data = RatingsReader.read(train, false);
        RatingsData held = RatingsReader.read(test, false);
        Evaluation local = Evaluation.of(held, LocalRecommender.run(data, Params.defaults(), 2), 10);
        Evaluation onGrid = Evaluation.of(held, new GridRecommender(grid).run(data, Params.defaults(), Progress.NONE), 10);
        assertThat(onGrid).isEqualTo(local);
        assertThat(local.users()).isEqualTo(300);
        assertThat(local.hits()).isPositive();
    }
}
