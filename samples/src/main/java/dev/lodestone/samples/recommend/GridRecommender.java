package dev.lodestone.samples.recommend;

import dev.lodestone.api.Grid;
import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * The recommendation job on the grid.
 *
 * <ol>
 *   <li><b>load</b>: the ratings go into two partitioned maps, by user ({@link UserRow}) and by item
 *       ({@link ItemRow}), with their backups.</li>
 *   <li><b>neighbours</b>: one {@link NeighboursTask} per partition, affine to it, finds the neighbours of the items
 *       stored there; the ratings matrix by user, which every item needs, is fetched once per member.</li>
 *   <li><b>recommend</b>: one {@link RecommendTask} per partition scores the users stored there; the neighbour table
 *       (small) is fetched once per member.</li>
 * </ol>
 * The maps are destroyed and the members' side data dropped at the end, whatever happened.
 *
 * <pre>{@code
 * try (Grid grid = Lodestone.embedded()) {
 *     RecommendResult r = new GridRecommender(grid).run(RatingsReader.read(file, false), Params.defaults(), Progress.NONE);
 * }
 * }</pre>
 */
public final class GridRecommender {

    private static final int LOAD_BATCH = 256;

    private final Grid grid;

    /** A job on this grid. */
    public GridRecommender(Grid grid) {
        this.grid = grid;
    }

    /** Runs the job on {@code data}. */
    public RecommendResult run(RatingsData data, Params params, Progress progress) {
        String run = "recommend." + Long.toString(System.nanoTime() & Long.MAX_VALUE, 36);
        String usersMap = run + ".users";
        String itemsMap = run + ".items";
        String neighboursMap = run + ".neighbours";
        int users = data.userIds().length;
        int items = data.itemIds().length;
        LinkedHashMap<String, Long> phases = new LinkedHashMap<>();
        Map<String, Integer> ranOn = new TreeMap<>();
        GridMap<Integer, UserRow> userRows = grid.createMap(usersMap);
        GridMap<Integer, ItemRow> itemRows = grid.createMap(itemsMap);
        GridMap<Integer, Neighbours> neighbourRows = grid.createMap(neighboursMap);
        try {
            long t0 = System.nanoTime();
            progress.phase("load", users + items);
            load(userRows, users, u -> {
                int from = data.userStart()[u];
                int to = data.userStart()[u + 1];
                return new UserRow(Arrays.copyOfRange(data.userItems(), from, to),
                        Arrays.copyOfRange(data.userRatings(), from, to));
            }, progress);
            load(itemRows, items, i -> {
                int from = data.itemStart()[i];
                int to = data.itemStart()[i + 1];
                return new ItemRow(Arrays.copyOfRange(data.itemUsers(), from, to),
                        Arrays.copyOfRange(data.itemRatings(), from, to));
            }, progress);
            long t1 = System.nanoTime();
            phases.put("load", (t1 - t0) / 1_000_000);

            int partitions = grid.cluster().partitionCount();
            Neighbours[] neighbours = new Neighbours[items];
            for (List<Neighbours> part : perPartition("neighbours", partitions,
                    p -> new NeighboursTask(run, usersMap, itemsMap, neighboursMap, users, items, params), ranOn, progress)) {
                for (Neighbours nb : part) {
                    neighbours[nb.item()] = nb;
                }
            }
            long t2 = System.nanoTime();
            phases.put("neighbours", (t2 - t1) / 1_000_000);

            Recommendations[] recs = new Recommendations[users];
            for (List<Recommendations> part : perPartition("recommend", partitions,
                    p -> new RecommendTask(run, usersMap, neighboursMap, items, params), ranOn, progress)) {
                for (Recommendations r : part) {
                    recs[r.user()] = r;
                }
            }
            phases.put("recommend", (System.nanoTime() - t2) / 1_000_000);
            return new RecommendResult(data, neighbours, recs, phases, grid.cluster().members().size() + " members; tasks ran on "
                    + ranOn);
        } finally {
            cleanUp(run, userRows, itemRows, neighbourRows);
        }
    }

    private static <V> void load(GridMap<Integer, V> map, int count, IntFunction<V> row, Progress progress) {
        Map<Integer, V> batch = new HashMap<>();
        for (int k = 0; k < count; k++) {
            batch.put(k, row.apply(k));
            if (batch.size() == LOAD_BATCH || k == count - 1) {
                map.putAll(batch);
                for (int x = 0; x < batch.size(); x++) {
                    progress.step();
                }
                batch = new HashMap<>();
            }
        }
    }

    /** Runs one task per partition, affine to it; returns their results, in partition order. */
    private <R> List<R> perPartition(String phase, int partitions, IntFunction<Task<R>> task, Map<String, Integer> ranOn,
                                     Progress progress) {
        progress.phase(phase, partitions);
        List<Submission<R>> tasks = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            tasks.add(Submission.of(task.apply(p), SubmitOptions.partition(p)));
        }
        List<TaskHandle<R>> handles = grid.submitAll(tasks);
        List<CompletableFuture<R>> futures = new ArrayList<>(partitions);
        for (TaskHandle<R> h : handles) {
            futures.add(h.result().whenComplete((v, e) -> progress.step()));
        }
        List<R> out = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            out.add(futures.get(p).join());
            handles.get(p).executedOn().ifPresent(m -> ranOn.merge(m, 1, Integer::sum));
        }
        return out;
    }

    private void cleanUp(String run, GridMap<?, ?>... maps) {
        for (GridMap<?, ?> m : maps) {
            try {
                m.destroy();
            } catch (RuntimeException e) { // the cluster may be going away; the run's result is what matters
                System.getLogger(GridRecommender.class.getName()).log(System.Logger.Level.WARNING, "destroying map " + m.name()
                        + ": " + e);
            }
        }
        try {
            for (TaskHandle<Boolean> h : grid.broadcast(new ForgetRun(run), SubmitOptions.defaults())) {
                h.result().join();
            }
        } catch (RuntimeException e) {
            System.getLogger(GridRecommender.class.getName()).log(System.Logger.Level.WARNING, "dropping side data of " + run + ": " + e);
        }
    }
}
