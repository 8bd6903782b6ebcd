package dev.lodestone.api;

import dev.lodestone.api.cluster.ClusterView;
import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.data.MapOptions;
import dev.lodestone.api.events.EventBus;
import dev.lodestone.api.job.JobHandle;
import dev.lodestone.api.job.JobOptions;
import dev.lodestone.api.metrics.GridMetrics;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskHandle;
import java.util.List;

/**
 * A connection to a Lodestone cluster: submit tasks, read and write maps, look at members.
 *
 * <pre>{@code
 * try (Grid grid = Lodestone.embedded()) {
 *     GridMap<Integer, String> lines = grid.createMap("lines");
 *     lines.put(1, "to be or not to be");
 *     TaskHandle<Integer> h = grid.submit(new LineLength(1), SubmitOptions.affinity("lines", 1));
 *     System.out.println(h.result().join());
 * }
 * }</pre>
 *
 * <p>THREADING: thread-safe; share one per process.
 */
public interface Grid extends AutoCloseable {

    /** Submits a task with {@link SubmitOptions#defaults()}: no affinity, normal priority. */
    default <R> TaskHandle<R> submit(Task<R> task) {
        return submit(task, SubmitOptions.defaults());
    }

    /**
     * Submits a task. The task is serialized in the calling thread, so an unregistered or
     * unserializable task is refused here. When this client already has its
     * {@link ConnectOptions#maxInFlight() limit} of tasks in flight, the call waits for room, up to
     * {@link ConnectOptions#submitTimeout()}.
     *
     * @throws dev.lodestone.api.task.TaskRejectedException when the task cannot be serialized or routed, or there
     *                                                      was no room within the submit timeout (the message names
     *                                                      the limit and how many tasks are in flight)
     * @throws NoSuchMapException                           when the affinity names a map that does not exist
     */
    <R> TaskHandle<R> submit(Task<R> task, SubmitOptions options);

    /**
     * Submits a task without ever waiting: when this client has its in-flight limit of tasks out, the
     * handle's future is already failed with a {@link dev.lodestone.api.task.TaskRejectedException}
     * naming the limit and how many tasks are in flight; nothing was sent.
     *
     * <pre>{@code
     * TaskHandle<Integer> h = grid.submitAsync(new LineLength(1), SubmitOptions.affinity("lines", 1));
     * h.result().whenComplete((n, e) -> { if (e != null) retryLater(); });
     * }</pre>
     *
     * @throws dev.lodestone.api.task.TaskRejectedException when the task cannot be serialized
     * @throws NoSuchMapException                           when the affinity names a map that does not exist
     */
    <R> TaskHandle<R> submitAsync(Task<R> task, SubmitOptions options);

    /**
     * Submits many tasks at once; they travel to each member in as few messages as possible.
     * If one task cannot be serialized or routed, none is sent. Like {@link #submit}, it waits for
     * room under the in-flight limit: a batch larger than the limit goes out in parts as earlier
     * tasks are answered, and if no room comes within the submit timeout, the handles of the tasks
     * not yet sent fail with a {@link dev.lodestone.api.task.TaskRejectedException}; tasks already
     * sent carry on.
     *
     * @return one handle per submission, in order
     */
    <R> List<TaskHandle<R>> submitAll(List<Submission<R>> submissions);

    /**
     * Runs the task once on every data member.
     *
     * @return one handle per member; {@link TaskHandle#executedOn()} names it once done
     */
    <R> List<TaskHandle<R>> broadcast(Task<R> task, SubmitOptions options);

    /** {@link #broadcast(Task, SubmitOptions)} with default options. */
    default <R> List<TaskHandle<R>> broadcast(Task<R> task) {
        return broadcast(task, SubmitOptions.defaults());
    }

    /**
     * Submits a durable job: once this returns, every task is held by the grid in a map with backups, so it
     * runs even if this process dies right after. Each task runs on the owner of its affinity key's partition
     * (tasks without an affinity are spread over the partitions), with its priority; when that member dies, the
     * partition's new owner runs what was queued or running there. A task that finished is never run again: its
     * result is stored, with a backup, before anyone is told. Results stay for the options' retention after each
     * task finishes and can be fetched by job id from any client ({@link #job(String)}, {@code bin/grid job <id>}).
     *
     * <pre>{@code
     * List<Submission<Integer>> tasks = new ArrayList<>();
     * for (int k = 0; k < 10_000; k++) {
     *     tasks.add(Submission.of(new Score(k), SubmitOptions.affinity("ratings", k)));
     * }
     * JobHandle<Integer> job = grid.submitJob("scores", tasks, JobOptions.defaults());
     * System.out.println(job.id() + ": " + job.completion().join().state());
     * }</pre>
     *
     * @param name a name for people (ids are made unique from it): letters, digits, '.', '_' and '-'
     * @throws dev.lodestone.api.task.TaskRejectedException when a task cannot be serialized (the message names its
     *                                                      index); then nothing of the job is kept
     * @throws NoSuchMapException                           when an affinity names a map that does not exist
     * @throws GridException                                when the cluster has no data member taking work
     */
    <R> JobHandle<R> submitJob(String name, List<Submission<R>> tasks, JobOptions options);

    /** {@link #submitJob(String, List, JobOptions)} with {@link JobOptions#defaults()}. */
    default <R> JobHandle<R> submitJob(String name, List<Submission<R>> tasks) {
        return submitJob(name, tasks, JobOptions.defaults());
    }

    /**
     * A durable job submitted earlier, by this client or another: its status and results.
     *
     * <pre>{@code
     * JobHandle<Integer> job = grid.job("scores-2kq81v3");
     * job.completion().join();
     * }</pre>
     *
     * @throws dev.lodestone.api.job.NoSuchJobException when the cluster holds no job of that id
     */
    <R> JobHandle<R> job(String jobId);

    /**
     * The event bus: typed topics every member and client can publish to and subscribe to.
     *
     * <pre>{@code
     * Topic<String> news = grid.events().topic("news", String.class);
     * news.subscribe(e -> System.out.println(e.sequence() + ": " + e.payload()));
     * news.publish("hello");
     * }</pre>
     */
    EventBus events();

    /**
     * An existing map.
     *
     * @throws NoSuchMapException when no map of that name exists
     */
    <K, V> GridMap<K, V> map(String name);

    /** Creates the map with default options (one backup), or returns it if it exists. */
    default <K, V> GridMap<K, V> createMap(String name) {
        return createMap(name, MapOptions.defaults());
    }

    /**
     * Creates a map with these options, or returns it if it exists with the same options.
     *
     * @throws GridException when it exists with other options
     */
    <K, V> GridMap<K, V> createMap(String name, MapOptions options);

    /** Members, partitions and task counters of the cluster. */
    ClusterView cluster();

    /**
     * Task metrics now: per priority level, each member's counters and queue-wait and run-time percentiles
     * since it started, the cluster's (members' counters added, histograms merged, so percentiles are exact
     * over every member), and this client's counters and end-to-end times (from {@code submit} to the
     * completion of the result's future). Asks every member; members that do not answer within a second are
     * left out.
     *
     * <pre>{@code
     * GridMetrics m = grid.metrics();
     * LevelMetrics high = m.cluster(Priority.HIGH);
     * System.out.printf("HIGH: %d done, wait p99 %d us, run p99 %d us, end-to-end p99 %d us%n",
     *         high.counters().finished(), high.queueWait().p99Micros(), high.runTime().p99Micros(),
     *         high.endToEnd().p99Micros());
     * }</pre>
     */
    GridMetrics metrics();

    /**
     * The underlying implementation object, for what the API does not cover; for example
     * {@code grid.unwrap(HazelcastInstance.class)}.
     *
     * @throws IllegalArgumentException when this grid has nothing of that type
     */
    <T> T unwrap(Class<T> type);

    /** Disconnects; an embedded grid also stops its members. Pending results fail. */
    @Override
    void close();
}
