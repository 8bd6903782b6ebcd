package dev.lodestone.samples.recommend;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;
import java.util.ArrayList;

/**
 * Phase 2 on the grid, one task per partition: the recommendations of the users whose block lies in this task's
 * partition of the users map, read locally, from the neighbour table the client broadcast to every member
 * ({@link ShareNeighbours}).
 *
 * @param run       the run, for the member cache
 * @param users     the users map (block key to {@link UserBlock})
 * @param blockKeys the key of each partition's block, by partition
 * @param itemCount items in the data
 * @param params    K, N, minCommon
 */
public record RecommendTask(String run, String users, int[] blockKeys, int itemCount, Params params)
        implements Task<ArrayList<Recommendations>> {

    @Override
    public ArrayList<Recommendations> run(TaskContext ctx) {
        Neighbours[] table = MemberCache.require(run, "neighbours", ctx.memberName());
        Scorer scorer = new Scorer(itemCount, params);
        ArrayList<Recommendations> out = new ArrayList<>();
        int partition = ctx.partition().orElseThrow(() -> new IllegalStateException("RecommendTask runs affine to a partition"));
        UserBlock b = ctx.<Integer, UserBlock>map(users).get(blockKeys[partition]); // this partition's block: a local read
        if (b != null) {
            for (int x = 0; x < b.users().length; x++) {
                out.add(scorer.recommend(b.users()[x], b.items(), b.ratings(), b.start()[x], b.start()[x + 1], table));
            }
        }
        return out;
    }
}
