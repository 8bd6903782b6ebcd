package dev.lodestone.samples.recommend;

/**
 * The ratings of the users whose index hashes to one partition, as one map entry (its key also hashes there): one
 * entry per partition instead of one per user, so that loading and fetching cost a few hundred operations, not
 * thousands. {@link #of} stores them in 3 bytes a rating ({@link Compact}) where that is exact, as
 * {@link CompactRows} does, else in 12 ({@link Wide}): the map, its backups, the load and every member's fetch of the
 * matrix move a quarter of the bytes, and Kryo copies a {@code byte[]} in bulk where it writes a {@code double[]} one
 * element at a time.
 *
 * <pre>{@code
 * UserBlock b = UserBlock.of(users, start, items, ratings);
 * int n = b.copyRow(x, rowItems, rowRatings, 0); // user b.users()[x]'s ratings, wide
 * }</pre>
 */
public sealed interface UserBlock permits UserBlock.Compact, UserBlock.Wide {

    /** The users, ascending. */
    int[] users();

    /** Where each user's ratings start; one more entry than users. */
    int[] start();

    /**
     * Copies the ratings of the {@code x}-th user of the block into {@code items} and {@code ratings} from {@code at}.
     *
     * @return how many were copied
     */
    int copyRow(int x, int[] items, double[] ratings, int at);

    /**
     * A block of {@code users}, whose ratings are {@code items} and {@code ratings} from {@code start[x]} to
     * {@code start[x + 1]}: compact when every item index fits a {@code char} and every rating is a whole number of half
     * stars ({@link CompactRows}' rule), wide otherwise.
     */
    static UserBlock of(int[] users, int[] start, int[] items, double[] ratings) {
        CompactRows c = CompactRows.encode(start, items, ratings);
        return c != null ? new Compact(users, start, c.items(), c.halfStars()) : new Wide(users, start, items, ratings);
    }

    /**
     * A block in 3 bytes a rating.
     *
     * @param users     the users, ascending
     * @param start     where each user's ratings start; one more entry than users
     * @param items     the items each user rated, ascending within a user
     * @param halfStars the ratings times 2, parallel to {@code items}
     */
    record Compact(int[] users, int[] start, char[] items, byte[] halfStars) implements UserBlock {

        @Override
        public int copyRow(int x, int[] rowItems, double[] rowRatings, int at) {
            int n = 0;
            for (int p = start[x]; p < start[x + 1]; p++, n++) {
                rowItems[at + n] = items[p];
                rowRatings[at + n] = CompactRows.HALF[halfStars[p] & 0xFF];
            }
            return n;
        }
    }

    /**
     * A block in 12 bytes a rating, for data {@link Compact} cannot hold exactly.
     *
     * @param users   the users, ascending
     * @param start   where each user's ratings start; one more entry than users
     * @param items   the items each user rated, ascending within a user
     * @param ratings the ratings, parallel to {@code items}
     */
    record Wide(int[] users, int[] start, int[] items, double[] ratings) implements UserBlock {

        @Override
        public int copyRow(int x, int[] rowItems, double[] rowRatings, int at) {
            int n = start[x + 1] - start[x];
            System.arraycopy(items, start[x], rowItems, at, n);
            System.arraycopy(ratings, start[x], rowRatings, at, n);
            return n;
        }
    }
}
