package dev.lodestone.samples.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The algorithm on a small example computed by hand:
 *
 * <pre>
 *        item 10  item 20  item 30  item 40
 * user 1    5        3        4        .       (10 was first rated 2, then 5: the later line wins)
 * user 2    4        2        5        1
 * user 3    1        5        .        4
 * user 4    .        4        3        2
 * </pre>
 *
 * Norms: ‖10‖ = √42, ‖20‖ = √54, ‖30‖ = √50, ‖40‖ = √21. Pairs with 3 common raters: 10-20 (users 1, 2, 3: dot 28),
 * 20-30 (1, 2, 4: dot 34), 20-40 (2, 3, 4: dot 30); the others have 2 (10-30: 40, 10-40: 8, 30-40: 11).
 */
class RecommendAlgorithmTest {

    private static final String EXAMPLE = String.join("\n",
            "1::10::2::100", "1::20::3::101", "1::30::4::102", "1::10::5::103",
            "2::10::4::100", "2::20::2::101", "2::30::5::102", "2::40::1::103",
            "3::10::1::100", "3::20::5::101", "3::40::4::102",
            "4::20::4::100", "4::30::3::101", "4::40::2::102", "");

    private static final double SIM_10_20 = 28 / (Math.sqrt(42) * Math.sqrt(54));
    private static final double SIM_20_30 = 34 / (Math.sqrt(54) * Math.sqrt(50));
    private static final double SIM_20_40 = 30 / (Math.sqrt(54) * Math.sqrt(21));

    @TempDir
    Path dir;

    private RatingsData example() throws IOException {
        return RatingsReader.read(Files.writeString(dir.resolve("example.dat"), EXAMPLE), false);
    }

    /** Item id to its neighbours as (id, similarity) pairs. */
    private static String neighboursOf(RecommendResult r, int itemId) {
        int i = Arrays.binarySearch(r.data().itemIds(), itemId);
        Neighbours nb = r.neighbours()[i];
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < nb.neighbours().length; k++) {
            b.append(k == 0 ? "" : " ").append(r.data().itemIds()[nb.neighbours()[k]]);
        }
        return b.toString();
    }

    private static double similarity(RecommendResult r, int itemId, int rank) {
        return r.neighbours()[Arrays.binarySearch(r.data().itemIds(), itemId)].similarities()[rank];
    }

    private static Recommendations recsOf(RecommendResult r, int userId) {
        return r.recommendations()[Arrays.binarySearch(r.data().userIds(), userId)];
    }

    @Test
    void theLaterLineOfARepeatedPairWins() throws IOException {
        RatingsData d = example();
        assertThat(d.lines()).isEqualTo(14);
        assertThat(d.ratings()).isEqualTo(13);
        assertThat(d.duplicates()).isEqualTo(1);
        int u1 = Arrays.binarySearch(d.userIds(), 1);
        assertThat(d.userRatings()[d.userStart()[u1]]).as("user 1's rating of item 10").isEqualTo(5.0);
        double[] norms = RatingsData.norms(4, d.userStart(), d.userItems(), d.userRatings());
        assertThat(norms).containsExactly(Math.sqrt(42), Math.sqrt(54), Math.sqrt(50), Math.sqrt(21));
    }

    @Test
    void similaritiesNeighboursAndTheMinCommonCutOff() throws IOException {
        RecommendResult r = LocalRecommender.run(example(), new Params(2, 2, 3), 2);

        assertThat(neighboursOf(r, 10)).isEqualTo("20");
        assertThat(similarity(r, 10, 0)).isCloseTo(SIM_10_20, within(1e-15));
        assertThat(neighboursOf(r, 20)).as("K = 2 keeps the two best: 10 (0.588) is cut").isEqualTo("40 30");
        assertThat(similarity(r, 20, 0)).isCloseTo(SIM_20_40, within(1e-15));
        assertThat(similarity(r, 20, 1)).isCloseTo(SIM_20_30, within(1e-15));
        assertThat(neighboursOf(r, 30)).isEqualTo("20");
        assertThat(neighboursOf(r, 40)).isEqualTo("20");

        RecommendResult loose = LocalRecommender.run(example(), new Params(3, 2, 2), 1);
        assertThat(neighboursOf(loose, 10)).as("with minCommon 2: 30 (0.873), 20 (0.588), 40 (0.269)").isEqualTo("30 20 40");
        assertThat(similarity(loose, 10, 0)).isCloseTo(40 / (Math.sqrt(42) * Math.sqrt(50)), within(1e-15));
        assertThat(similarity(loose, 10, 2)).isCloseTo(8 / (Math.sqrt(42) * Math.sqrt(21)), within(1e-15));
        assertThat(neighboursOf(loose, 40)).isEqualTo("20 30 10");
    }

    @Test
    void scoresRanksAndUsersWithNothingToRecommend() throws IOException {
        RecommendResult r = LocalRecommender.run(example(), new Params(2, 2, 3), 2);

        Recommendations u1 = recsOf(r, 1); // only 40 is unrated; it is a neighbour of 20, rated 3
        assertThat(u1.items()).containsExactly(Arrays.binarySearch(r.data().itemIds(), 40));
        assertThat(u1.scores()[0]).isCloseTo(3 * SIM_20_40, within(1e-14));
        assertThat(recsOf(r, 2).items()).as("user 2 rated every item").isEmpty();
        Recommendations u3 = recsOf(r, 3); // only 30 is unrated; a neighbour of 20, rated 5
        assertThat(u3.items()).containsExactly(Arrays.binarySearch(r.data().itemIds(), 30));
        assertThat(u3.scores()[0]).isCloseTo(5 * SIM_20_30, within(1e-14));
        assertThat(recsOf(r, 4).items()).as("10 is no neighbour of 20, 30 or 40: no score").isEmpty();

        RecommendResult loose = LocalRecommender.run(example(), new Params(3, 2, 2), 2);
        // user 4 now reaches 10 through 30 (0.873 · 3) and 20 (0.588 · 4) and 40 (0.269 · 2)
        double expected = SIM_10_20 * 4 + 40 / (Math.sqrt(42) * Math.sqrt(50)) * 3 + 8 / (Math.sqrt(42) * Math.sqrt(21)) * 2;
        assertThat(recsOf(loose, 4).scores()[0]).isCloseTo(expected, within(1e-13));
    }

    @Test
    void tiesGoToTheSmallerItemInNeighboursAndRecommendations() throws IOException {
        // items 2 and 3 are both proportional to item 1: equal similarities to it
        Path f = Files.writeString(dir.resolve("ties.dat"), String.join("\n",
                "1::3::2::0", "1::2::2::0", "1::1::1::0", "2::3::4::0", "2::2::4::0", "2::1::2::0", "3::3::5::0", "3::2::5::0",
                "3::1::3::0", "4::1::5::0"));
        RecommendResult r = LocalRecommender.run(RatingsReader.read(f, false), new Params(2, 2, 3), 2);
        assertThat(neighboursOf(r, 1)).isEqualTo("2 3");
        assertThat(similarity(r, 1, 0)).isEqualTo(similarity(r, 1, 1));
        Recommendations u4 = recsOf(r, 4); // rated only 1: 2 and 3 score the same
        assertThat(u4.items()).containsExactly(1, 2);
        assertThat(u4.scores()[0]).isEqualTo(u4.scores()[1]);
    }

    @Test
    void topNKeepsTheBestAndBreaksTiesBySmallerItem() {
        TopN t = new TopN(3);
        t.offer(5, 0.5);
        t.offer(9, 0.9);
        t.offer(7, 0.5);
        t.offer(1, 0.1);
        t.offer(2, 0.5);
        assertThat(t.items()).containsExactly(9, 2, 5);
        assertThat(t.values()).containsExactly(0.9, 0.5, 0.5);
    }

    @Test
    void precisionAndRecallAgainstHeldOutRatings() throws IOException {
        RecommendResult r = LocalRecommender.run(example(), new Params(2, 2, 3), 2);
        // user 1 gets 40 (a hit), user 3 gets 30 (its test item is 10: a miss), user 4 gets nothing, user 9 is unknown
        Path test = Files.writeString(dir.resolve("test.tsv"), "1\t40\t4\t0\n3\t10\t2\t0\n4\t10\t5\t0\n9\t10\t5\t0\n");
        Evaluation e = Evaluation.of(RatingsReader.read(test, false), r, 2);
        assertThat(e.users()).isEqualTo(4);
        assertThat(e.testRatings()).isEqualTo(4);
        assertThat(e.hits()).isEqualTo(1);
        assertThat(e.precision()).isEqualTo(1.0 / (2 * 4));
        assertThat(e.recall()).isEqualTo(1.0 / 4);
    }

    @Test
    void outputFilesHaveTheirHeadersRanksFromOneAndDoublesThatParseBack() throws IOException {
        RecommendResult r = LocalRecommender.run(example(), new Params(2, 2, 3), 2);
        Path out = dir.resolve("out");
        RecommendOutput.write(out, false, r);
        assertThat(Files.readAllLines(out.resolve("neighbours.csv"))).containsExactly("item,rank,neighbour,similarity",
                "10,1,20," + SIM_10_20, "20,1,40," + similarity(r, 20, 0), "20,2,30," + similarity(r, 20, 1),
                "30,1,20," + similarity(r, 30, 0), "40,1,20," + similarity(r, 40, 0));
        assertThat(Files.readAllLines(out.resolve("recommendations.csv"))).containsExactly("user,rank,item,score",
                "1,1,40," + recsOf(r, 1).scores()[0], "3,1,30," + recsOf(r, 3).scores()[0]);
        assertThat(Double.parseDouble(Files.readAllLines(out.resolve("recommendations.csv")).get(1).split(",")[3]))
                .isEqualTo(recsOf(r, 1).scores()[0]);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary directory left").doesNotContain(".out.writing-");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RecommendOutput.write(out, false, r))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exists and is not empty")
                .hasMessageContaining("--overwrite");
        RecommendOutput.write(out, true, r);
        assertThat(out.resolve("neighbours.csv")).exists();
    }
}
