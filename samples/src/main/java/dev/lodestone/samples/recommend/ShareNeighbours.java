package dev.lodestone.samples.recommend;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;
import java.util.ArrayList;

/**
 * Broadcast by the client between the phases: every item's neighbours (small side data, about 12 bytes per pair), kept
 * on each member for the {@link RecommendTask}s, instead of each task fetching it.
 *
 * @param run       the run
 * @param itemCount items in the data
 * @param all       every item's neighbours
 */
public record ShareNeighbours(String run, int itemCount, ArrayList<Neighbours> all) implements Task<Integer> {

    @Override
    public Integer run(TaskContext ctx) {
        Neighbours[] table = new Neighbours[itemCount];
        for (Neighbours nb : all) {
            table[nb.item()] = nb;
        }
        MemberCache.put(run, "neighbours", table);
        return all.size();
    }
}
