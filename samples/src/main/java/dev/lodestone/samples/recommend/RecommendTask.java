package dev.lodestone.samples.recommend;

import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Phase 2 on the grid, one task per partition: the recommendations of the users whose rows lie in this task's
 * partition of the users map, read locally, from the neighbour table (fetched once per member, see
 * {@link MemberCache}).
 *
 * @param run        the run, for the member cache
 * @param users      the users map (user index to {@link UserRow})
 * @param neighbours the neighbours map (item index to {@link Neighbours})
 * @param itemCount  items in the data
 * @param params     K, N, minCommon
 */
public record RecommendTask(String run, String users, String neighbours, int itemCount, Params params)
        implements Task<ArrayList<Recommendations>> {

    @Override
    public ArrayList<Recommendations> run(TaskContext ctx) {
        Neighbours[] table = MemberCache.get(run, "neighbours", () -> fetchNeighbours(ctx));
        Map<Integer, UserRow> local = ctx.localEntries(users);
        Integer[] keys = local.keySet().toArray(new Integer[0]);
        Arrays.sort(keys);
        Scorer scorer = new Scorer(itemCount, params);
        ArrayList<Recommendations> out = new ArrayList<>(keys.length);
        for (Integer u : keys) {
            UserRow row = local.get(u);
            out.add(scorer.recommend(u, row.items(), row.ratings(), 0, row.items().length, table));
        }
        return out;
    }

    private Neighbours[] fetchNeighbours(TaskContext ctx) {
        GridMap<Integer, Neighbours> map = ctx.map(neighbours);
        Set<Integer> all = new HashSet<>();
        for (int i = 0; i < itemCount; i++) {
            all.add(i);
        }
        Neighbours[] table = new Neighbours[itemCount];
        for (Map.Entry<Integer, Neighbours> e : map.getAll(all).entrySet()) {
            table[e.getKey()] = e.getValue();
        }
        return table;
    }
}
