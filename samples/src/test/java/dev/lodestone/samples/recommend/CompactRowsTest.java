package dev.lodestone.samples.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompactRowsTest {

    /** Random ratings of {@code users} users over {@code items} items, each rating from {@code values}. */
    private static RatingsData random(long seed, int users, int items, int ratings, double[] values) {
        Random rnd = new Random(seed);
        int[] u = new int[ratings];
        int[] i = new int[ratings];
        double[] r = new double[ratings];
        for (int x = 0; x < ratings; x++) {
            u[x] = rnd.nextInt(users);
            // skewed popularity, so that some items have many raters and some pairs few common ones
            i[x] = (int) (items * Math.pow(rnd.nextDouble(), 2));
            r[x] = values[rnd.nextInt(values.length)];
        }
        return RatingsData.of(u, i, r, ratings, 0, List.of());
    }

    private static final double[] HALF_STARS = {0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5};

    @Test
    void theCompactKernelFindsTheSameNeighboursToTheLastBit() {
        RatingsData d = random(7, 400, 150, 12_000, HALF_STARS);
        int items = d.itemIds().length;
        CompactRows rows = CompactRows.of(items, d.userStart(), d.userItems(), d.userRatings());
        assertThat(rows).isNotNull();
        assertThat(rows.bytes()).isEqualTo(3L * d.ratings());
        double[] norms = RatingsData.norms(items, d.userStart(), d.userItems(), d.userRatings());
        NeighbourFinder wide = new NeighbourFinder(items, new Params(20, 10, 3));
        NeighbourFinder compact = new NeighbourFinder(items, new Params(20, 10, 3));
        int withNeighbours = 0;
        for (int i = 0; i < items; i++) {
            int from = d.itemStart()[i];
            int to = d.itemStart()[i + 1];
            Neighbours a = wide.find(i, d.itemUsers(), d.itemRatings(), from, to, d.userStart(), d.userItems(), d.userRatings(), norms);
            Neighbours b = compact.find(i, d.itemUsers(), d.itemRatings(), from, to, rows, norms);
            assertThat(b.neighbours()).as("item %d", i).containsExactly(a.neighbours());
            assertThat(b.similarities()).as("item %d", i).containsExactly(a.similarities()); // exact doubles, no tolerance
            withNeighbours += a.neighbours().length > 0 ? 1 : 0;
        }
        assertThat(withNeighbours).isGreaterThan(items / 2); // the comparison was about something
    }

    @Test
    void everyHalfStarCountStandsForItsRatingExactly() {
        for (int c = 0; c < 256; c++) {
            assertThat(CompactRows.HALF[c]).isEqualTo(c / 2.0);
            CompactRows one = CompactRows.of(1, new int[] {0, 1}, new int[] {0}, new double[] {c / 2.0});
            assertThat(one).isNotNull();
            assertThat(CompactRows.HALF[one.halfStars()[0] & 0xFF]).isEqualTo(c / 2.0);
        }
    }

    @Test
    void ratingsThatAreNotHalfStarsOrTooManyItemsKeepTheWideRows() {
        int[] start = {0, 1};
        int[] item = {0};
        assertThat(CompactRows.of(1, start, item, new double[] {3.7})).isNull();
        assertThat(CompactRows.of(1, start, item, new double[] {-0.5})).isNull();
        assertThat(CompactRows.of(1, start, item, new double[] {128})).isNull();
        assertThat(CompactRows.of(1, start, item, new double[] {Double.NaN})).isNull();
        assertThat(CompactRows.of(CompactRows.MAX_ITEMS + 1, start, item, new double[] {4})).isNull();
        CompactRows last = CompactRows.of(CompactRows.MAX_ITEMS, start, new int[] {CompactRows.MAX_ITEMS - 1}, new double[] {4});
        assertThat(last.items()[0]).isEqualTo((char) (CompactRows.MAX_ITEMS - 1));
    }

    @Test
    void theTransposeAndNormsOfCompactRowsAreThoseOfTheWideRowsToTheLastBit() {
        RatingsData d = random(11, 300, 120, 9_000, HALF_STARS);
        int items = d.itemIds().length;
        CompactRows rows = CompactRows.of(items, d.userStart(), d.userItems(), d.userRatings());
        RatingsData.ByItem t = rows.byItem(items);
        assertThat(t.start()).containsExactly(d.itemStart());
        assertThat(t.users()).containsExactly(d.itemUsers());
        assertThat(t.ratings()).containsExactly(d.itemRatings());
        assertThat(rows.norms(items)).containsExactly(RatingsData.norms(items, d.userStart(), d.userItems(), d.userRatings()));
    }

    @Test
    void aUserBlockIsCompactWhereItsRatingsAllowAndGivesBackTheSameRows() {
        int[] users = {3, 8};
        int[] start = {0, 2, 5};
        int[] items = {1, 70_000 - 1, 0, 2, 9};
        double[] ratings = {4.5, 1, 2, 3.5, 5};
        UserBlock big = UserBlock.of(users, start, items, ratings);
        assertThat(big).as("an item past a char").isInstanceOf(UserBlock.Wide.class);
        int[] small = {1, 65_535, 0, 2, 9};
        UserBlock compact = UserBlock.of(users, start, small, ratings);
        assertThat(compact).isInstanceOf(UserBlock.Compact.class);
        assertThat(UserBlock.of(users, start, small, new double[] {4.5, 1, 2, 3.25, 5})).as("a quarter star")
                .isInstanceOf(UserBlock.Wide.class);
        for (UserBlock b : List.of(big, compact)) {
            int[] rowItems = new int[8];
            double[] rowRatings = new double[8];
            assertThat(b.copyRow(1, rowItems, rowRatings, 2)).isEqualTo(3);
            assertThat(rowItems).containsExactly(0, 0, 0, 2, 9, 0, 0, 0);
            assertThat(rowRatings).containsExactly(0, 0, 2, 3.5, 5, 0, 0, 0);
            assertThat(b.copyRow(0, rowItems, rowRatings, 0)).isEqualTo(2);
            assertThat(rowItems[1]).isEqualTo(b == big ? 69_999 : 65_535);
            assertThat(rowRatings[0]).isEqualTo(4.5);
        }
    }
}
