package dev.lodestone.runtime.client;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.lodestone.api.GridException;
import dev.lodestone.api.job.JobHandle;
import dev.lodestone.api.job.JobState;
import dev.lodestone.api.job.JobStatus;
import dev.lodestone.api.job.TaskFailure;
import dev.lodestone.api.task.TaskFailedException;
import dev.lodestone.api.task.TaskId;
import dev.lodestone.api.task.TaskLostException;
import dev.lodestone.api.task.TaskRejectedException;
import dev.lodestone.api.task.TaskTimeoutException;
import dev.lodestone.runtime.job.JobRecord;
import dev.lodestone.runtime.job.JobTaskKey;
import dev.lodestone.runtime.job.ResultRecord;
import dev.lodestone.runtime.job.StoredTask;
import dev.lodestone.runtime.job.SummaryCounts;
import dev.lodestone.runtime.job.TaskSummary;
import dev.lodestone.runtime.job.TasksOfJob;
import dev.lodestone.runtime.transport.Wire;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's view of one durable job. Results arrive as events (an entry listener on the job's DONE entries, run on
 * the members); because Hazelcast may lose events in flight when a member dies, the handle also catches up by
 * query: when it starts, after a member leaves or a partition is lost, and after two seconds in which
 * nothing arrived (then four, eight, ... up to 32 while catch-ups find nothing either). Each task's future
 * completes once, whichever path brings its result first.
 *
 * <p>A task whose entry is missing from two catch-ups in a row (a second apart) was lost with every replica of its
 * partition: its future fails with {@link TaskLostException}.
 *
 * <p>THREADING: deliveries come from Hazelcast's event threads and the client's job thread; futures make each
 * completion happen once, and the counts are atomics. Catch-ups run on the job thread only.
 */
final class DurableJobHandle<R> implements JobHandle<R> {

    private static final Logger LOG = LoggerFactory.getLogger(DurableJobHandle.class);
    private static final long TICK_MILLIS = 2_000;
    private static final long MAX_TICK_MILLIS = 32_000;
    private static final long CONFIRM_LOSS_MILLIS = 1_000;

    private final DurableJobs owner;
    private final JobRecord record;
    private final long number;
    private final IMap<JobTaskKey, StoredTask> tasks;
    private final List<CompletableFuture<R>> results;
    private final CompletableFuture<JobStatus> completion = new CompletableFuture<>();
    private final AtomicInteger outcomes = new AtomicInteger();
    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private final AtomicInteger rerun = new AtomicInteger();
    private final List<TaskFailure> failures = new ArrayList<>(); // guarded by itself
    private final List<Integer> lostTasks = new ArrayList<>(); // guarded by failures
    /** Tasks missing from the last catch-up; only the job thread touches it. */
    private final BitSet missingOnce = new BitSet();
    private final List<Runnable> unsubscribe = new ArrayList<>();
    private volatile long lastDeliveryNanos = System.nanoTime();
    private volatile ScheduledFuture<?> ticks;

    DurableJobHandle(DurableJobs owner, JobRecord record, long number) {
        this.owner = owner;
        this.record = record;
        this.number = number;
        this.tasks = owner.tasks();
        this.results = new ArrayList<>(record.tasks());
        for (int i = 0; i < record.tasks(); i++) {
            results.add(new CompletableFuture<>());
        }
    }

    /** Subscribes, then catches up with what finished before, so nothing falls between the two. */
    void start() {
        Listener listener = new Listener();
        UUID events = tasks.addEntryListener(listener, new TasksOfJob(number, StoredTask.DONE), true);
        unsubscribe.add(() -> tasks.removeEntryListener(events));
        UUID partitionLost = tasks.addPartitionLostListener(e -> catchUpSoon(0));
        unsubscribe.add(() -> tasks.removePartitionLostListener(partitionLost));
        UUID members = owner.hazelcast().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                // results from a new member arrive as events like any other
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                catchUpSoon(500); // the dead member's in-flight events are lost; its backups are promoted meanwhile
            }
        });
        unsubscribe.add(() -> owner.hazelcast().getCluster().removeMembershipListener(members));
        catchUp();
        scheduleTick(TICK_MILLIS);
    }

    private void scheduleTick(long delayMillis) {
        if (completion.isDone()) {
            return;
        }
        try {
            ticks = owner.worker().schedule(() -> tick(delayMillis), delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("job {}: client closing, no more catch-ups", record.id());
        }
    }

    private final class Listener implements EntryAddedListener<JobTaskKey, StoredTask>, EntryUpdatedListener<JobTaskKey, StoredTask> {
        @Override
        public void entryAdded(EntryEvent<JobTaskKey, StoredTask> e) {
            deliver(e.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<JobTaskKey, StoredTask> e) {
            deliver(e.getValue());
        }
    }

    /**
     * A catch-up when nothing arrived for a whole tick. Each one that finds nothing new doubles the next wait (up to
     * {@link #MAX_TICK_MILLIS}): a job of long tasks is not scanned for every two seconds it runs.
     */
    private void tick(long delayMillis) {
        long next = delayMillis;
        if (System.nanoTime() - lastDeliveryNanos > TimeUnit.MILLISECONDS.toNanos(delayMillis) || !missingOnce.isEmpty()) {
            int before = outcomes.get();
            catchUp();
            next = outcomes.get() > before ? TICK_MILLIS : Math.min(MAX_TICK_MILLIS, delayMillis * 2);
        }
        scheduleTick(next);
    }

    private void catchUpSoon(long delayMillis) {
        try {
            owner.worker().schedule(this::catchUp, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("job {}: client closing, no catch-up", record.id());
        }
    }

    /** Delivers every result not seen yet, and declares lost what is missing twice in a row. */
    private void catchUp() {
        if (completion.isDone()) {
            return;
        }
        try {
            Set<JobTaskKey> undelivered = new HashSet<>();
            for (JobTaskKey k : tasks.keySet(new TasksOfJob(number, StoredTask.DONE))) {
                if (!results.get((int) k.index()).isDone()) {
                    undelivered.add(k);
                }
            }
            if (!undelivered.isEmpty()) {
                tasks.getAll(undelivered).values().forEach(this::deliver);
            }
            if (completion.isDone()) {
                return;
            }
            BitSet present = new BitSet(record.tasks());
            for (JobTaskKey k : tasks.keySet(new TasksOfJob(number, -1))) {
                present.set((int) k.index());
            }
            boolean suspect = false;
            for (int i = present.nextClearBit(0); i < record.tasks(); i = present.nextClearBit(i + 1)) {
                if (results.get(i).isDone()) {
                    continue;
                }
                if (missingOnce.get(i)) {
                    lose(i);
                } else {
                    missingOnce.set(i);
                    suspect = true;
                }
            }
            missingOnce.andNot(present);
            if (suspect) {
                catchUpSoon(CONFIRM_LOSS_MILLIS);
            }
        } catch (RuntimeException e) {
            if (!completion.isDone()) {
                LOG.debug("job {}: catching up failed, trying again: {}", record.id(), e.toString());
                catchUpSoon(500);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void deliver(StoredTask v) {
        if (v == null || v.state() != StoredTask.DONE || v.job() != number) {
            return;
        }
        int i = (int) v.index();
        CompletableFuture<R> f = results.get(i);
        if (f.isDone()) {
            return;
        }
        lastDeliveryNanos = System.nanoTime();
        ResultRecord r = ResultRecord.parse(v.result());
        TaskId id = taskId(i);
        boolean first;
        if (r.status() == Wire.OK) {
            Object value;
            try {
                value = owner.codec().decode(r.payload());
            } catch (RuntimeException e) {
                first = f.completeExceptionally(new GridException("the result of task " + id + " of job " + record.id()
                        + " cannot be read here: " + e.getMessage(), e));
                counted(first, i, v, false, "unreadable result: " + e.getMessage());
                return;
            }
            first = f.complete((R) value);
            counted(first, i, v, true, null);
            return;
        }
        Throwable error = switch (r.status()) {
            case Wire.FAILED -> new TaskFailedException(id, v.runner(), r.attempt(), r.chain()[0].type(), r.chain()[0].message(),
                    r.chain()[0].trace(), Wire.causeChain(r.chain()));
            case Wire.TIMED_OUT -> new TaskTimeoutException(id, Duration.ofMillis(v.timeoutMillis()), r.message());
            case Wire.REJECTED -> new TaskRejectedException(r.message());
            case Wire.CANCELLED -> new CancellationException("task " + id + " of job " + record.id() + " was cancelled");
            default -> new GridException("task " + id + " of job " + record.id() + " ended with status " + r.status());
        };
        first = f.completeExceptionally(error);
        counted(first, i, v, false, r.failureText());
    }

    private void counted(boolean first, int i, StoredTask v, boolean ok, String failure) {
        if (!first) {
            return;
        }
        if (v.attempt() > 1) {
            rerun.incrementAndGet();
        }
        if (ok) {
            succeeded.incrementAndGet();
        } else {
            failed.incrementAndGet();
            synchronized (failures) {
                failures.add(new TaskFailure(i, taskId(i), v.attempt(), v.runner(), failure));
            }
        }
        outcome();
    }

    private void lose(int i) {
        int partition = record.partitions()[i];
        if (results.get(i).completeExceptionally(new TaskLostException(taskId(i), partition))) {
            LOG.warn("job {}: task {} ({}) was lost with every replica of partition {}", record.id(), i, taskId(i), partition);
            lost.incrementAndGet();
            synchronized (failures) {
                lostTasks.add(i);
            }
            outcome();
        }
    }

    private void outcome() {
        if (outcomes.incrementAndGet() == record.tasks()) {
            JobStatus s;
            synchronized (failures) {
                failures.sort(Comparator.comparingInt(TaskFailure::index));
                lostTasks.sort(Comparator.naturalOrder());
                s = new JobStatus(record.id(), record.name(), failed.get() + lost.get() > 0 ? JobState.FAILED : JobState.SUCCEEDED,
                        record.tasks(), 0, 0, succeeded.get(), failed.get(), lost.get(), rerun.get(), failures, lostTasks);
            }
            stop();
            completion.complete(s);
        }
    }

    private void stop() {
        ScheduledFuture<?> t = ticks;
        if (t != null) {
            t.cancel(false);
        }
        for (Runnable r : unsubscribe) {
            try {
                r.run();
            } catch (RuntimeException e) { // the client is shutting down
                LOG.debug("job {}: unsubscribing: {}", record.id(), e.toString());
            }
        }
        unsubscribe.clear();
        owner.closed(this);
    }

    /** The client closed: whatever has no result yet fails here, and goes on in the grid. */
    void clientClosed() {
        GridException e = new GridException("the client closed before job " + record.id() + " finished; the job goes on in the"
                + " grid: fetch it with grid.job(\"" + record.id() + "\")");
        results.forEach(f -> f.completeExceptionally(e));
        completion.completeExceptionally(e);
        stop();
    }

    @Override
    public String id() {
        return record.id();
    }

    @Override
    public String name() {
        return record.name();
    }

    @Override
    public int size() {
        return record.tasks();
    }

    @Override
    public TaskId taskId(int index) {
        if (index < 0 || index >= record.tasks()) {
            throw new IndexOutOfBoundsException("job " + record.id() + " has tasks 0.." + (record.tasks() - 1) + ", not " + index);
        }
        return new TaskId(number, index);
    }

    @Override
    public CompletableFuture<R> result(int index) {
        taskId(index);
        return results.get(index);
    }

    @Override
    public CompletableFuture<JobStatus> completion() {
        return completion;
    }

    @Override
    public JobStatus status() {
        Collection<TaskSummary> summaries = tasks.project(TaskSummary.PROJECTION, new TasksOfJob(number, -1));
        SummaryCounts c = SummaryCounts.of(number, summaries);
        BitSet present = new BitSet(record.tasks()); // a job's indexes are 0..n-1: what is not found was lost
        summaries.forEach(s -> present.set(s.index()));
        List<Integer> missing = new ArrayList<>();
        for (int i = present.nextClearBit(0); i < record.tasks(); i = present.nextClearBit(i + 1)) {
            missing.add(i);
        }
        int bad = c.failures().size();
        JobState state = c.pending() + c.running() > 0 ? JobState.RUNNING
                : bad + missing.size() > 0 ? JobState.FAILED : JobState.SUCCEEDED;
        return new JobStatus(record.id(), record.name(), state, record.tasks(), c.pending(), c.running(), c.succeeded(), bad,
                missing.size(), c.rerun(), c.failures(), missing);
    }

    @Override
    public String toString() {
        return "job " + record.id() + " (" + record.tasks() + " tasks)";
    }
}
