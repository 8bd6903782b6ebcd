package dev.lodestone.samples.recommend;

import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Phase 1 on the grid, one task per partition: the neighbours of the items whose rows lie in this task's partition of
 * the items map, read locally, against the whole ratings matrix by user (fetched once per member, see
 * {@link MemberCache}). Writes them to the neighbours map under the same keys (so into the same partition: a local
 * write) and returns them.
 *
 * @param run        the run, for the member cache
 * @param users      the users map (user index to {@link UserRow})
 * @param items      the items map (item index to {@link ItemRow})
 * @param neighbours the neighbours map to fill
 * @param userCount  users in the data
 * @param itemCount  items in the data
 * @param params     K, N, minCommon
 */
public record NeighboursTask(String run, String users, String items, String neighbours, int userCount, int itemCount, Params params)
        implements Task<ArrayList<Neighbours>> {

    @Override
    public ArrayList<Neighbours> run(TaskContext ctx) {
        MemberCache.UserMatrix m = MemberCache.get(run, "users", () -> fetchUsers(ctx));
        Map<Integer, ItemRow> local = ctx.localEntries(items);
        Integer[] keys = local.keySet().toArray(new Integer[0]);
        Arrays.sort(keys);
        NeighbourFinder finder = new NeighbourFinder(itemCount, params);
        ArrayList<Neighbours> out = new ArrayList<>(keys.length);
        Map<Integer, Neighbours> written = new HashMap<>();
        for (Integer i : keys) {
            ItemRow row = local.get(i);
            Neighbours nb = finder.find(i, row.users(), row.ratings(), 0, row.users().length, m.start(), m.items(), m.ratings(), m.norms());
            out.add(nb);
            written.put(i, nb);
        }
        if (!written.isEmpty()) {
            ctx.<Integer, Neighbours>map(neighbours).putAll(written);
        }
        return out;
    }

    private MemberCache.UserMatrix fetchUsers(TaskContext ctx) {
        GridMap<Integer, UserRow> map = ctx.map(users);
        Set<Integer> all = new HashSet<>();
        for (int u = 0; u < userCount; u++) {
            all.add(u);
        }
        Map<Integer, UserRow> rows = map.getAll(all);
        int[] start = new int[userCount + 1];
        for (int u = 0; u < userCount; u++) {
            UserRow r = rows.get(u);
            if (r == null) {
                throw new IllegalStateException("user " + u + " of run " + run + " is missing from map " + users);
            }
            start[u + 1] = start[u] + r.items().length;
        }
        int[] itemsByUser = new int[start[userCount]];
        double[] ratings = new double[start[userCount]];
        for (int u = 0; u < userCount; u++) {
            UserRow r = rows.get(u);
            System.arraycopy(r.items(), 0, itemsByUser, start[u], r.items().length);
            System.arraycopy(r.ratings(), 0, ratings, start[u], r.ratings().length);
        }
        return new MemberCache.UserMatrix(start, itemsByUser, ratings, RatingsData.norms(itemCount, start, itemsByUser, ratings));
    }
}
