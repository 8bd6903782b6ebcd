package dev.lodestone.samples.recommend;

import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;

/**
 * Phase 2 on the grid, one task per partition: the recommendations of the users whose rows lie in this task's
 * partition of the users map, read locally, from the neighbour table (fetched once per member, see
 * {@link MemberCache}).
 *
 * @param run        the run, for the member cache
 * @param users      the users map (block key to {@link UserBlock})
 * @param neighbours the neighbours map (block key to the neighbours of the block's items)
 * @param blockKeys  the key of each partition's block, by partition
 * @param itemCount  items in the data
 * @param params     K, N, minCommon
 */
public record RecommendTask(String run, String users, String neighbours, int[] blockKeys, int itemCount, Params params)
        implements Task<ArrayList<Recommendations>> {

    @Override
    public ArrayList<Recommendations> run(TaskContext ctx) {
        Neighbours[] table = MemberCache.get(run, "neighbours", () -> fetchNeighbours(ctx));
        Scorer scorer = new Scorer(itemCount, params);
        ArrayList<Recommendations> out = new ArrayList<>();
        for (UserBlock b : ctx.<Integer, UserBlock>localEntries(users).values()) { // this partition's block, read locally
            for (int x = 0; x < b.users().length; x++) {
                out.add(scorer.recommend(b.users()[x], b.items(), b.ratings(), b.start()[x], b.start()[x + 1], table));
            }
        }
        return out;
    }

    private Neighbours[] fetchNeighbours(TaskContext ctx) {
        GridMap<Integer, ArrayList<Neighbours>> map = ctx.map(neighbours);
        Set<Integer> all = new HashSet<>();
        for (int k : blockKeys) {
            all.add(k);
        }
        Neighbours[] table = new Neighbours[itemCount];
        for (ArrayList<Neighbours> block : map.getAll(all).values()) {
            for (Neighbours nb : block) {
                table[nb.item()] = nb;
            }
        }
        return table;
    }
}
