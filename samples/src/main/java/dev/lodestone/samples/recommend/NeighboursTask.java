package dev.lodestone.samples.recommend;

import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;

/**
 * Phase 1 on the grid, one task per group of partitions: the neighbours of the items that fall in them (an item index,
 * as a key, hashes to one partition), against the whole ratings matrix, which every item needs and which is therefore
 * fetched once per member and kept ({@link MemberCache}) rather than read per task. Returns them.
 *
 * @param run        the run, for the member cache
 * @param users      the users map (block key to {@link UserBlock})
 * @param blockKeys  the keys of the users map's blocks, one per group
 * @param partitions the partitions whose items this task takes
 * @param userCount  users in the data
 * @param itemCount  items in the data
 * @param params     K, N, minCommon
 */
public record NeighboursTask(String run, String users, int[] blockKeys, int[] partitions, int userCount, int itemCount,
                             Params params) implements Task<ArrayList<Neighbours>> {

    @Override
    public ArrayList<Neighbours> run(TaskContext ctx) {
        MemberCache.Matrix m = MemberCache.get(run, "matrix", () -> fetch(ctx));
        NeighbourFinder finder = new NeighbourFinder(itemCount, params);
        ArrayList<Neighbours> out = new ArrayList<>();
        for (int partition : partitions) {
            if (partition >= m.itemsOfPartition().length) {
                continue; // no item hashes there
            }
            for (int i : m.itemsOfPartition()[partition]) {
                out.add(m.compact() != null
                        ? finder.find(i, m.itemUsers(), m.itemRatings(), m.itemStart()[i], m.itemStart()[i + 1], m.compact(), m.norms())
                        : finder.find(i, m.itemUsers(), m.itemRatings(), m.itemStart()[i], m.itemStart()[i + 1], m.userStart(),
                                m.userItems(), m.userRatings(), m.norms()));
            }
        }
        return out;
    }

    private MemberCache.Matrix fetch(TaskContext ctx) {
        GridMap<Integer, UserBlock> map = ctx.map(users);
        Set<Integer> all = new HashSet<>();
        for (int k : blockKeys) {
            all.add(k);
        }
        int[] rated = new int[userCount];
        UserBlock[] blockOf = new UserBlock[userCount];
        int[] rowOf = new int[userCount];
        boolean compact = true;
        for (UserBlock b : map.getAll(all).values()) {
            compact &= b instanceof UserBlock.Compact;
            for (int x = 0; x < b.users().length; x++) {
                int u = b.users()[x];
                rated[u] = b.start()[x + 1] - b.start()[x];
                blockOf[u] = b;
                rowOf[u] = x;
            }
        }
        int[] start = new int[userCount + 1];
        for (int u = 0; u < userCount; u++) {
            if (blockOf[u] == null) {
                throw new IllegalStateException("user " + u + " of run " + run + " is missing from map " + users);
            }
            start[u + 1] = start[u] + rated[u];
        }
        // every block is compact exactly when the whole data set is (the same rule per rating), and then the rows are
        // joined as they are: no int/double copy of the matrix is made
        int[] items = null;
        double[] ratings = null;
        CompactRows rows;
        if (compact) {
            char[] rowItems = new char[start[userCount]];
            byte[] halfStars = new byte[start[userCount]];
            for (int u = 0; u < userCount; u++) {
                UserBlock.Compact b = (UserBlock.Compact) blockOf[u];
                int from = b.start()[rowOf[u]];
                System.arraycopy(b.items(), from, rowItems, start[u], rated[u]);
                System.arraycopy(b.halfStars(), from, halfStars, start[u], rated[u]);
            }
            rows = new CompactRows(start, rowItems, halfStars);
        } else {
            items = new int[start[userCount]];
            ratings = new double[start[userCount]];
            for (int u = 0; u < userCount; u++) {
                blockOf[u].copyRow(rowOf[u], items, ratings, start[u]);
            }
            rows = null;
        }
        RatingsData.ByItem t = rows != null ? rows.byItem(itemCount) : RatingsData.byItem(itemCount, start, items, ratings);
        int partitions = 0;
        int[] partitionOf = new int[itemCount];
        for (int i = 0; i < itemCount; i++) {
            partitionOf[i] = map.partitionOf(i);
            partitions = Math.max(partitions, partitionOf[i] + 1);
        }
        int[] count = new int[partitions];
        for (int p : partitionOf) {
            count[p]++;
        }
        int[][] itemsOfPartition = new int[partitions][];
        for (int p = 0; p < partitions; p++) {
            itemsOfPartition[p] = new int[count[p]];
        }
        int[] at = new int[partitions];
        for (int i = 0; i < itemCount; i++) {
            itemsOfPartition[partitionOf[i]][at[partitionOf[i]]++] = i;
        }
        double[] norms = rows != null ? rows.norms(itemCount) : RatingsData.norms(itemCount, start, items, ratings);
        return new MemberCache.Matrix(start, items, ratings, rows, t.start(), t.users(), t.ratings(), norms, itemsOfPartition);
    }
}
