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
 * @param blockKey   the key of the block of the users this task scores, in the partition the task is affine to
 * @param itemCount  items in the data
 * @param params     K, N, minCommon
 */
public record RecommendTask(String run, String users, int blockKey, int itemCount, Params params)
        implements Task<ArrayList<Recommendations>> {

    @Override
    public ArrayList<Recommendations> run(TaskContext ctx) {
        Neighbours[] table = MemberCache.require(run, "neighbours", ctx.memberName());
        Scorer scorer = new Scorer(itemCount, params);
        int[] rowItems = new int[itemCount];
        double[] rowRatings = new double[itemCount];
        ArrayList<Recommendations> out = new ArrayList<>();
        UserBlock b = ctx.<Integer, UserBlock>map(users).get(blockKey); // a local read on the owner
        if (b != null) { // null: no user hashes to the group's partitions
            for (int x = 0; x < b.users().length; x++) {
                int n = b.copyRow(x, rowItems, rowRatings, 0);
                out.add(scorer.recommend(b.users()[x], rowItems, rowRatings, 0, n, table));
            }
        }
        return out;
    }
}
