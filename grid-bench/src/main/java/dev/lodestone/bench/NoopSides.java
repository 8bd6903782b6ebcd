package dev.lodestone.bench;

import com.hazelcast.map.IMap;
import dev.lodestone.api.Grid;
import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.Submission;
import dev.lodestone.bench.tasks.HzNoop;
import dev.lodestone.bench.tasks.HzNoopProcessor;
import dev.lodestone.bench.tasks.Noop;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The two sides of the task-path benchmarks ({@code throughput}, {@code latency}) on one cluster of member
 * processes tuned by {@link HazelcastTuning}: Lodestone's no-op affine task ({@link Noop} with
 * {@code SubmitOptions.affinity(map, key)}) through a Lodestone client, and its raw Hazelcast twin ({@link HzNoop}
 * with {@code submitToKeyOwner(task, key)}, or {@link HzNoopProcessor} with {@code executeOnKey}) through a Hazelcast
 * client of the same members. Request {@code n} goes to key {@code n % keys} on both sides, so both spread over the
 * same partitions; the tasks and options for each key are made once, up front, for both.
 *
 * <pre>{@code
 * NoopSides sides = NoopSides.start(run, "tput", 2, 1024);
 * ClosedLoop.run(sides::lodestone, 64, ramp, window, sides.meter(), DRAIN);
 * ClosedLoop.run(sides::submitToKeyOwner, 64, ramp, window, sides.meter(), DRAIN);
 * }</pre>
 *
 * <p>The map holds a small value for every key, for {@code executeOnKey} to read; Lodestone's affinity needs the map
 * to exist. The members' partitions are balanced before anything is measured. THREADING: the request methods may be
 * called from any thread; set-up runs on the scenario's thread.
 */
final class NoopSides {

    static final String MAP = "bench-noop";
    private static final int VALUE_BYTES = 16;
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(2);

    private final LocalCluster cluster;
    private final Grid grid;
    private final RawHazelcast raw;
    private final IMap<Integer, byte[]> rawMap;
    private final CpuMeter meter;
    private final Noop[] tasks;
    private final SubmitOptions[] options;
    private final HzNoop[] hzTasks;
    private final HzNoopProcessor processor = new HzNoopProcessor();

    private NoopSides(LocalCluster cluster, Grid grid, RawHazelcast raw, int keys) {
        this.cluster = cluster;
        this.grid = grid;
        this.raw = raw;
        this.rawMap = raw == null ? null : raw.map(MAP);
        this.meter = CpuMeter.of(cluster);
        this.tasks = new Noop[keys];
        this.options = new SubmitOptions[keys];
        this.hzTasks = new HzNoop[keys];
        for (int k = 0; k < keys; k++) {
            tasks[k] = new Noop(k);
            options[k] = SubmitOptions.affinity(MAP, k);
            hzTasks[k] = new HzNoop(k);
        }
    }

    /** The options of the scenarios that run on these sides: Hazelcast's settings. */
    static List<Option> options() {
        return HazelcastTuning.options();
    }

    /**
     * Starts {@code members} tuned members, connects both clients, fills the map and waits until the partitions are
     * balanced; states the Hazelcast settings in the report's parameters.
     */
    static NoopSides start(BenchRun run, String tag, int members, int keys) {
        return start(run, tag, members, keys, true);
    }

    /**
     * {@link #start(BenchRun, String, int, int)}, with the baseline's Hazelcast client only when {@code baseline}
     * (a scenario that measures Lodestone alone still runs on the same member settings).
     */
    static NoopSides start(BenchRun run, String tag, int members, int keys, boolean baseline) {
        int workers = run.workersPerMember(members);
        HazelcastTuning tuning = HazelcastTuning.of(run.params(), Runtime.getRuntime().availableProcessors(), members, workers);
        run.report().param("workers_per_member", (long) workers);
        run.report().param("hazelcast", tuning.describe());
        LocalCluster cluster = run.cluster(tag, members, run.memberSettings(Map.of()), tuning::applyTo);
        Grid grid = run.connect(cluster);
        GridMap<Integer, byte[]> map = grid.createMap(MAP);
        MapFill.fill(map, keys, k -> new byte[VALUE_BYTES]);
        GridWaits.balanced(grid, members, SETTLE_TIMEOUT);
        RawHazelcast raw = null;
        if (baseline) {
            run.log("connecting the baseline's Hazelcast client (" + tuning.describe() + ")");
            raw = run.track(RawHazelcast.connect(cluster, tuning));
        }
        return new NoopSides(cluster, grid, raw, keys);
    }

    LocalCluster cluster() {
        return cluster;
    }

    Grid grid() {
        return grid;
    }

    /** The member JVMs and this one. */
    CpuMeter meter() {
        return meter;
    }

    /** How many keys the requests go to, in turn. */
    int keys() {
        return tasks.length;
    }

    private RawHazelcast raw() {
        if (raw == null) {
            throw new IllegalStateException("these sides were started without the baseline's client");
        }
        return raw;
    }

    private int key(long n) {
        return (int) (n % tasks.length);
    }

    /** Lodestone: request {@code n} with {@code submitAsync}, which never waits for room (W stays far below the limit). */
    CompletionStage<Integer> lodestone(long n) {
        int k = key(n);
        return grid.submitAsync(tasks[k], options[k]).result();
    }

    /** Lodestone: request {@code n} as a submission, for {@code submitAll}. */
    Submission<Integer> submission(int n) {
        int k = key(n);
        return Submission.of(tasks[k], options[k]);
    }

    /** Raw Hazelcast: request {@code n} with {@code IExecutorService.submitToKeyOwner}. */
    CompletionStage<Integer> submitToKeyOwner(long n) {
        int k = key(n);
        return raw().submitToKeyOwner(hzTasks[k], k);
    }

    /** Lodestone, blocking: {@code submit}, then wait for the result. */
    int lodestoneRoundTrip(long n, Duration timeout) throws Exception {
        int k = key(n);
        return answer(grid.submit(tasks[k], options[k]).result().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Raw Hazelcast, blocking: {@code submitToKeyOwner}, then {@code Future.get}. */
    int submitToKeyOwnerRoundTrip(long n, Duration timeout) throws Exception {
        int k = key(n);
        return answer(raw().submitToKeyOwnerFuture(hzTasks[k], k).get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Raw Hazelcast, blocking: {@code IMap.executeOnKey} of a read-only processor on the key's entry. */
    int executeOnKeyRoundTrip(long n) {
        raw();
        return answer(rawMap.executeOnKey(key(n), processor));
    }

    private static int answer(Integer value) {
        if (value == null) {
            throw new BenchException("a request of the benchmark answered null");
        }
        return value;
    }
}
