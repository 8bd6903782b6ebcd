package dev.lodestone.samples.recommend;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;
import java.util.ArrayList;

/**
 * Phase 2 on the grid, one task per group of partitions owned by one member: the recommendations of the users whose
 * blocks lie in them, read locally, from the neighbour table the client broadcast to every member
 * ({@link ShareNeighbours}).
 *
 * @param run        the run, for the member cache
 * @param users      the users map (block key to {@link UserBlock})
 * @param blockKeys  the key of each partition's block, by partition
 * @param partitions the partitions whose users this task scores
 * @param itemCount  items in the data
 * @param params     K, N, minCommon
 */
public record RecommendTask(String run, String users, int[] blockKeys, int[] partitions, int itemCount, Params params)
        implements Task<ArrayList<Recommendations>> {

    @Override
    public ArrayList<Recommendations> run(TaskContext ctx) {
        Neighbours[] table = MemberCache.require(run, "neighbours", ctx.memberName());
        Scorer scorer = new Scorer(itemCount, params);
        ArrayList<Recommendations> out = new ArrayList<>();
        for (int partition : partitions) {
            UserBlock b = ctx.<Integer, UserBlock>map(users).get(blockKeys[partition]); // a local read on the owner
            if (b == null) {
                continue; // no user hashes there
            }
            for (int x = 0; x < b.users().length; x++) {
                out.add(scorer.recommend(b.users()[x], b.items(), b.ratings(), b.start()[x], b.start()[x + 1], table));
            }
        }
        return out;
    }
}
