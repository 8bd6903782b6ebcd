package dev.lodestone.runtime.client;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.Ringbuffer;
import dev.lodestone.api.GridException;
import dev.lodestone.api.events.JobEvent;
import dev.lodestone.api.events.JobEventKind;
import dev.lodestone.api.job.JobHandle;
import dev.lodestone.api.job.JobOptions;
import dev.lodestone.api.job.NoSuchJobException;
import dev.lodestone.api.task.Affinity;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.TaskRejectedException;
import dev.lodestone.runtime.events.RingEventBus;
import dev.lodestone.runtime.events.TopicEvent;
import dev.lodestone.runtime.job.JobIds;
import dev.lodestone.runtime.job.JobMaps;
import dev.lodestone.runtime.job.JobRecord;
import dev.lodestone.runtime.job.JobTally;
import dev.lodestone.runtime.job.JobTaskKey;
import dev.lodestone.runtime.job.StoredTask;
import dev.lodestone.runtime.serial.KryoCodec;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A client's side of durable jobs: writes a job's tasks into the grid, and opens handles on jobs by id.
 *
 * <p>Submitting is two writes, both with backups: the job's record, then its tasks in chunks ({@code putAll}, one
 * operation per partition per chunk). The owners' entry listeners queue the tasks as they land; this client runs
 * nothing and routes nothing, so its death after {@link #submit} returns changes nothing.
 *
 * <p>THREADING: thread-safe. Handles use one daemon thread, {@code lodestone-jobs-<client>}, started on first
 * use, for their catch-up queries; Hazelcast's event threads deliver results.
 */
final class DurableJobs implements AutoCloseable {

    private static final int CHUNK = 1_000;
    private static final int WINDOW = 4;

    private final HazelcastInstance hz;
    private final KryoCodec codec;
    private final String clientName;
    private final IMap<JobTaskKey, StoredTask> tasks;
    private final IMap<String, JobRecord> jobs;
    private final IMap<String, JobTally> tallies;
    private final Ringbuffer<TopicEvent> jobEvents;
    private final Set<DurableJobHandle<?>> open = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService worker;
    private volatile Object[] anchors;

    DurableJobs(HazelcastInstance hz, KryoCodec codec, String clientName) {
        this.hz = hz;
        this.codec = codec;
        this.clientName = clientName;
        this.tasks = hz.getMap(JobMaps.TASKS);
        this.jobs = hz.getMap(JobMaps.JOBS);
        this.tallies = hz.getMap(JobMaps.TALLIES);
        this.jobEvents = hz.getRingbuffer(RingEventBus.JOB_EVENTS);
    }

    IMap<JobTaskKey, StoredTask> tasks() {
        return tasks;
    }

    KryoCodec codec() {
        return codec;
    }

    HazelcastInstance hazelcast() {
        return hz;
    }

    /**
     * Stores a job's tasks in the grid.
     *
     * @param partitionOf the partition of an affinity (checks that its map exists), or -1 for none
     * @param encode      serializes a task, refusing what cannot be sent
     */
    <R> JobHandle<R> submit(String name, List<Submission<R>> submissions, JobOptions options,
                            ToIntFunction<Affinity> partitionOf, Function<Object, byte[]> encode) {
        JobIds.checkName(name);
        Objects.requireNonNull(submissions, "tasks");
        Objects.requireNonNull(options, "options");
        if (submissions.isEmpty()) {
            throw new IllegalArgumentException("job '" + name + "' has no tasks");
        }
        if (hz.getCluster().getMembers().stream().allMatch(m -> m.isLiteMember())) {
            throw new GridException("job '" + name + "' refused: the cluster has no data member to hold it");
        }
        int partitionCount = hz.getPartitionService().getPartitions().size();
        int n = submissions.size();
        int[] partitions = new int[n];
        byte[][] payloads = new byte[n][];
        for (int i = 0; i < n; i++) { // everything is checked before anything is written
            Submission<R> s = submissions.get(i);
            Affinity a = s.options().affinity();
            try {
                partitions[i] = a == null ? i % partitionCount : partitionOf.applyAsInt(a);
                payloads[i] = encode.apply(s.task());
            } catch (TaskRejectedException e) {
                throw new TaskRejectedException("task " + i + " of job '" + name + "': " + e.getMessage(), e);
            }
        }
        long number = hz.getFlakeIdGenerator(JobMaps.IDS).newId();
        String id = JobIds.format(name, number);
        long retention = options.retention().toMillis();
        JobRecord record = new JobRecord(id, name, n, System.currentTimeMillis(), clientName, retention, partitions);
        int stored = 0;
        // Chunks go out WINDOW at a time: one round trip per WINDOW chunks, not per chunk, and bounded memory.
        ArrayDeque<CompletableFuture<Integer>> outstanding = new ArrayDeque<>();
        try {
            jobs.put(id, record, retention, TimeUnit.MILLISECONDS);
            // the tally before any task, so that every member's report finds it; STARTED before any PROGRESS
            tallies.set(id, JobTally.start(id, name, n, record.submittedMillis()), retention, TimeUnit.MILLISECONDS);
            long now = System.currentTimeMillis();
            jobEvents.add(new TopicEvent(now, clientName, new JobEvent(id, name, JobEventKind.STARTED, n, 0, 0, 0, clientName, now)));
            Map<JobTaskKey, StoredTask> chunk = new HashMap<>();
            for (int i = 0; i < n; i++) {
                Submission<R> s = submissions.get(i);
                Affinity a = s.options().affinity();
                Object partitionKey = a != null && a.hasKey() ? a.key() : anchor(partitions[i]);
                long timeout = s.options().timeout() == null ? 0 : s.options().timeout().toMillis();
                chunk.put(new JobTaskKey(number, i, partitionKey), StoredTask.pending(number, id, i, partitions[i],
                        a == null ? null : a.mapName(), s.options().priority().ordinal(), timeout, options.maxAttempts(),
                        options.retryBackoff().toMillis(), retention, payloads[i]));
                if (chunk.size() == CHUNK || i == n - 1) {
                    int size = chunk.size();
                    outstanding.add(tasks.putAllAsync(chunk).toCompletableFuture().thenApply(v -> size));
                    chunk = new HashMap<>();
                    if (outstanding.size() == WINDOW) {
                        stored += outstanding.poll().join();
                    }
                }
            }
            while (!outstanding.isEmpty()) {
                stored += outstanding.poll().join();
            }
        } catch (RuntimeException e) {
            for (CompletableFuture<Integer> f : outstanding) { // count what did land, for the message
                try {
                    stored += f.join();
                } catch (RuntimeException ignored) {
                    // that chunk failed too
                }
            }
            throw new GridException("job " + id + ": storing its tasks failed after " + stored + " of " + n + " were held by"
                    + " the grid (those will run; see grid.job(\"" + id + "\")): " + e.getMessage(), e);
        }
        return open(record, number);
    }

    /** A handle on a job submitted earlier. */
    <R> JobHandle<R> job(String id) {
        long number = JobIds.number(id);
        JobRecord record = jobs.get(id);
        if (record == null) {
            throw new NoSuchJobException(id, hz.getConfig().getClusterName());
        }
        return open(record, number);
    }

    private <R> JobHandle<R> open(JobRecord record, long number) {
        DurableJobHandle<R> h = new DurableJobHandle<>(this, record, number);
        open.add(h);
        h.start();
        return h;
    }

    void closed(DurableJobHandle<?> h) {
        open.remove(h);
    }

    /** Runs catch-up work off the caller's and Hazelcast's threads. */
    ScheduledExecutorService worker() {
        ScheduledExecutorService w = worker;
        if (w == null) {
            synchronized (this) {
                w = worker;
                if (w == null) {
                    w = Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "lodestone-jobs-" + clientName);
                        t.setDaemon(true);
                        return t;
                    });
                    worker = w;
                }
            }
        }
        return w;
    }

    /**
     * A key that lies in {@code partition}: the entry of a task without an affinity key is put there with it. Found
     * once by trying integers (about n ln n of them for n partitions), the same in every JVM.
     */
    private Object anchor(int partition) {
        Object[] a = anchors;
        if (a == null) {
            var service = hz.getPartitionService();
            int count = service.getPartitions().size();
            a = new Object[count];
            int found = 0;
            for (int k = 0; found < count; k++) {
                int p = service.getPartition(k).getPartitionId();
                if (a[p] == null) {
                    a[p] = k;
                    found++;
                }
            }
            anchors = a;
        }
        return a[partition];
    }

    @Override
    public void close() {
        for (DurableJobHandle<?> h : List.copyOf(open)) {
            h.clientClosed();
        }
        ScheduledExecutorService w = worker;
        if (w != null) {
            w.shutdownNow();
        }
    }
}
