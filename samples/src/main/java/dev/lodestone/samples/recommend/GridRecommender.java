package dev.lodestone.samples.recommend;

import dev.lodestone.api.Grid;
import dev.lodestone.api.GridException;
import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.task.Locality;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskHandle;
import java.util.ArrayDeque;
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
 *   <li><b>load</b>: the partitions are grouped by owner, up to {@value #GROUP} a group, and the ratings go into a
 *       partitioned map by user, with its backups: one {@link UserBlock} per group, holding the users whose index
 *       hashes to one of its partitions, under a key that hashes to its first one; a few batches in flight.</li>
 *   <li><b>neighbours</b>: one {@link NeighboursTask} per group finds the neighbours of the items that fall in its
 *       partitions.
 *       Every item needs the ratings of all its raters, so the matrix is side data: fetched once per member (and
 *       transposed there), not read per task.</li>
 *   <li><b>recommend</b>: the client broadcasts the neighbour table (small: {@link ShareNeighbours}); then one
 *       {@link RecommendTask} per group, on the owner, scores the users of the group's block, read locally.</li>
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

    private static final int LOAD_BATCH = 4;
    private static final int LOAD_WINDOW = 4;
    private static final int GROUP = 8;

    private final Grid grid;

    /** A job on this grid. */
    public GridRecommender(Grid grid) {
        this.grid = grid;
    }

    /** Runs the job on {@code data}. */
    public RecommendResult run(RatingsData data, Params params, Progress progress) {
        String run = "recommend." + Long.toString(System.nanoTime() & Long.MAX_VALUE, 36);
        String usersMap = run + ".users";
        int users = data.userIds().length;
        int items = data.itemIds().length;
        LinkedHashMap<String, Long> phases = new LinkedHashMap<>();
        Map<String, Integer> ranOn = new TreeMap<>();
        GridMap<Integer, UserBlock> userRows = grid.createMap(usersMap);
        try {
            long t0 = System.nanoTime();
            int partitions = grid.cluster().partitionCount();
            List<int[]> groups = groups(partitions);
            int[] blockKeys = blockKeys(userRows, partitions, groups);
            progress.phase("load", groups.size());
            load(userRows, blocks(data, userRows, partitions, groups), blockKeys, progress);
            long t1 = System.nanoTime();
            phases.put("load", (t1 - t0) / 1_000_000);

            Neighbours[] neighbours = new Neighbours[items];
            // they read only the member's copy of the matrix: any member may run them, so idle ones steal the heavy ones
            for (List<Neighbours> part : perGroup("neighbours", groups, Locality.ANY,
                    x -> new NeighboursTask(run, usersMap, blockKeys, groups.get(x), users, items, params), ranOn, progress)) {
                for (Neighbours nb : part) {
                    neighbours[nb.item()] = nb;
                }
            }
            ArrayList<Neighbours> all = new ArrayList<>(items);
            for (Neighbours nb : neighbours) {
                if (nb != null) {
                    all.add(nb);
                }
            }
            for (TaskHandle<Integer> h : grid.broadcast(new ShareNeighbours(run, items, all), SubmitOptions.defaults())) {
                h.result().join(); // every member has the table before any RecommendTask runs
            }
            long t2 = System.nanoTime();
            phases.put("neighbours", (t2 - t1) / 1_000_000);

            Recommendations[] recs = new Recommendations[users];
            for (List<Recommendations> part : perGroup("recommend", groups, Locality.OWNER,
                    x -> new RecommendTask(run, usersMap, blockKeys[x], items, params), ranOn, progress)) {
                for (Recommendations r : part) {
                    recs[r.user()] = r;
                }
            }
            phases.put("recommend", (System.nanoTime() - t2) / 1_000_000);
            return new RecommendResult(data, neighbours, recs, phases, grid.cluster().members().size() + " members; tasks ran on "
                    + ranOn);
        } finally {
            cleanUp(run, userRows);
        }
    }

    /**
     * For each group, the key of its block: the smallest non-negative int that hashes to the group's first partition, so
     * that the block lives with the group's task.
     */
    private static int[] blockKeys(GridMap<Integer, ?> map, int partitions, List<int[]> groups) {
        int[] keyOf = new int[partitions];
        Arrays.fill(keyOf, -1);
        int found = 0;
        for (int k = 0; found < partitions; k++) {
            int p = map.partitionOf(k);
            if (keyOf[p] < 0) {
                keyOf[p] = k;
                found++;
            }
        }
        int[] keys = new int[groups.size()];
        for (int g = 0; g < keys.length; g++) {
            keys[g] = keyOf[groups.get(g)[0]];
        }
        return keys;
    }

    /**
     * The users of each group (those whose index hashes to one of its partitions) as one block; null where a group has
     * none. One entry per group, not per partition: each entry costs Hazelcast an operation and a backup round trip,
     * whatever its size, so 34 entries load in a fraction of the time 271 took.
     */
    private static UserBlock[] blocks(RatingsData data, GridMap<Integer, ?> map, int partitions, List<int[]> groups) {
        int[] groupOfPartition = new int[partitions];
        for (int g = 0; g < groups.size(); g++) {
            for (int p : groups.get(g)) {
                groupOfPartition[p] = g;
            }
        }
        int users = data.userIds().length;
        int[] groupOf = new int[users];
        int[] count = new int[groups.size()];
        for (int u = 0; u < users; u++) {
            groupOf[u] = groupOfPartition[map.partitionOf(u)];
            count[groupOf[u]]++;
        }
        int[][] members = new int[groups.size()][];
        for (int g = 0; g < members.length; g++) {
            members[g] = new int[count[g]];
        }
        int[] at = new int[members.length];
        for (int u = 0; u < users; u++) { // ascending within each block
            members[groupOf[u]][at[groupOf[u]]++] = u;
        }
        UserBlock[] blocks = new UserBlock[members.length];
        for (int g = 0; g < members.length; g++) {
            if (members[g].length == 0) {
                continue;
            }
            int[] start = new int[members[g].length + 1];
            for (int x = 0; x < members[g].length; x++) {
                int u = members[g][x];
                start[x + 1] = start[x] + data.userStart()[u + 1] - data.userStart()[u];
            }
            int[] items = new int[start[members[g].length]];
            double[] ratings = new double[items.length];
            for (int x = 0; x < members[g].length; x++) {
                int u = members[g][x];
                int from = data.userStart()[u];
                System.arraycopy(data.userItems(), from, items, start[x], start[x + 1] - start[x]);
                System.arraycopy(data.userRatings(), from, ratings, start[x], start[x + 1] - start[x]);
            }
            blocks[g] = UserBlock.of(members[g], start, items, ratings);
        }
        return blocks;
    }

    /** Stores the blocks, {@value #LOAD_BATCH} per call, {@value #LOAD_WINDOW} calls in flight. */
    private static void load(GridMap<Integer, UserBlock> map, UserBlock[] blocks, int[] blockKeys, Progress progress) {
        // blocks and blockKeys are by group
        ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
        Map<Integer, UserBlock> batch = new HashMap<>();
        for (int p = 0; p < blocks.length; p++) {
            if (blocks[p] != null) {
                batch.put(blockKeys[p], blocks[p]);
            }
            if (batch.size() == LOAD_BATCH || p == blocks.length - 1 && !batch.isEmpty()) {
                int size = batch.size();
                inFlight.add(map.putAllAsync(batch).whenComplete((v, e) -> {
                    for (int x = 0; x < size; x++) {
                        progress.step();
                    }
                }));
                batch = new HashMap<>();
                if (inFlight.size() == LOAD_WINDOW) {
                    inFlight.poll().join();
                }
            } else if (blocks[p] == null) {
                progress.step();
            }
        }
        while (!inFlight.isEmpty()) {
            inFlight.poll().join();
        }
    }

    /**
     * The partitions grouped by their owner, at most {@value #GROUP} per group: one task per group instead of per
     * partition cuts the tasks' fixed costs, and a group's partitions are all local to the member its first one is.
     */
    private List<int[]> groups(int partitions) {
        Map<String, List<Integer>> byOwner = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            byOwner.computeIfAbsent(grid.cluster().ownerOf(p).name(), k -> new ArrayList<>()).add(p);
        }
        List<int[]> groups = new ArrayList<>();
        for (List<Integer> owned : byOwner.values()) {
            for (int from = 0; from < owned.size(); from += GROUP) {
                groups.add(owned.subList(from, Math.min(owned.size(), from + GROUP)).stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return groups;
    }

    /** Runs one task per group, affine to its first partition; returns their results, in group order. */
    private <R> List<R> perGroup(String phase, List<int[]> groups, Locality locality, IntFunction<Task<R>> task,
                                 Map<String, Integer> ranOn, Progress progress) {
        progress.phase(phase, groups.size());
        List<Submission<R>> tasks = new ArrayList<>(groups.size());
        for (int x = 0; x < groups.size(); x++) {
            tasks.add(Submission.of(task.apply(x), SubmitOptions.partition(groups.get(x)[0]).withLocality(locality)));
        }
        List<TaskHandle<R>> handles = grid.submitAll(tasks);
        List<CompletableFuture<R>> futures = new ArrayList<>(groups.size());
        for (TaskHandle<R> h : handles) {
            futures.add(h.result().whenComplete((v, e) -> progress.step()));
        }
        List<R> out = new ArrayList<>(groups.size());
        for (int x = 0; x < groups.size(); x++) {
            try {
                out.add(futures.get(x).join());
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new GridException("the " + phase + " phase failed: task " + handles.get(x).id() + " (partitions "
                        + Arrays.toString(groups.get(x)) + ")" + handles.get(x).executedOn().map(m -> " on member " + m).orElse("")
                        + ": " + cause.getMessage(), cause);
            }
            handles.get(x).executedOn().ifPresent(m -> ranOn.merge(m, 1, Integer::sum));
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
