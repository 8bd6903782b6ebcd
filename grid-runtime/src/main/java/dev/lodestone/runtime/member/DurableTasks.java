package dev.lodestone.runtime.member;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import com.hazelcast.query.Predicates;
import dev.lodestone.api.GridException;
import dev.lodestone.api.task.Locality;
import dev.lodestone.api.task.RetryPolicy;
import dev.lodestone.runtime.job.ClaimTask;
import dev.lodestone.runtime.job.FinishTask;
import dev.lodestone.runtime.job.JobMaps;
import dev.lodestone.runtime.job.JobRecord;
import dev.lodestone.runtime.job.JobTally;
import dev.lodestone.runtime.job.JobTaskKey;
import dev.lodestone.runtime.job.NeedsRun;
import dev.lodestone.runtime.job.ResultRecord;
import dev.lodestone.runtime.job.StoredTask;
import dev.lodestone.runtime.transport.Wire;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks of durable jobs that lie in the partitions this member owns.
 *
 * <p>A durable task is an entry of {@link JobMaps#TASKS}, in the partition of its affinity key, with backups. This
 * member queues an entry when it learns of it: at once for a new one (a local entry listener: Hazelcast tells only
 * the owner), and by a sweep of its own partitions for the rest: entries of partitions that just moved here (a
 * member left or joined), entries whose runner left the cluster, retries whose back-off ended, and anything an
 * event missed (every {@code jobs.sweep.interval.ms}). A queued durable task goes through the same queue as any other
 * task (priority, fairness, capacity); the worker claims the entry (compare-and-set PENDING to RUNNING here, on the
 * partition's owner) just before it runs it, so two members never both run one attempt, and stores the outcome
 * (DONE with the result, or PENDING as the next attempt after a back-off) before anyone is told. A task whose member
 * died while running it is run again as attempt + 1; one queued there but never claimed keeps its attempt.
 *
 * <p>THREADING: events arrive on Hazelcast's event threads, sweeps and retries run on {@code lodestone-jobs-<member>},
 * claims on workers; the tracked set ({@link JobOrigin#slots}) is concurrent, and a task is queued only by whoever
 * adds it there first.
 */
final class DurableTasks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DurableTasks.class);
    private static final long SWEEP_SOON_MILLIS = 20;
    private static final long ORIGIN_IDLE_MILLIS = 60_000;
    /** After a member leaves, sweeps again this late, in case partitions were promoted after the first sweep. */
    private static final long[] AFTER_LEAVE_MILLIS = {500, 2_000};

    private final String memberName;
    private final String memberId;
    private final HazelcastInstance hz;
    private final IMap<JobTaskKey, StoredTask> tasks;
    private final IMap<String, JobRecord> jobs;
    private final IMap<String, JobTally> tallyMap;
    private final JobTallies tallies;
    private final TaskExecutor executor;
    private final PartitionTable partitions;
    private final ScheduledExecutorService timer;
    private final ConcurrentHashMap<Long, JobOrigin> origins = new ConcurrentHashMap<>();
    private final AtomicBoolean sweepQueued = new AtomicBoolean();
    private final AtomicInteger storing = new AtomicInteger();
    private final List<Runnable> unsubscribe = new ArrayList<>();
    private volatile boolean closed;

    DurableTasks(String memberName, HazelcastInstance hz, TaskExecutor executor, PartitionTable partitions, long sweepMillis) {
        this.memberName = memberName;
        this.memberId = hz.getCluster().getLocalMember().getUuid().toString();
        this.hz = hz;
        this.tasks = hz.getMap(JobMaps.TASKS);
        this.jobs = hz.getMap(JobMaps.JOBS);
        this.executor = executor;
        this.partitions = partitions;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lodestone-jobs-" + memberName);
            t.setDaemon(true);
            return t;
        });
        this.tallyMap = hz.getMap(JobMaps.TALLIES);
        this.tallies = new JobTallies(memberName, hz, timer);
        UUID added = tasks.addLocalEntryListener((EntryAddedListener<JobTaskKey, StoredTask>) this::added,
                Predicates.alwaysTrue(), true);
        unsubscribe.add(() -> tasks.removeEntryListener(added));
        UUID migrations = hz.getPartitionService().addMigrationListener(new MigrationListener() {
            @Override
            public void migrationStarted(MigrationState state) {
                // nothing to do until partitions have arrived
            }

            @Override
            public void migrationFinished(MigrationState state) {
                sweepSoon();
            }

            @Override
            public void replicaMigrationCompleted(ReplicaMigrationEvent e) {
                if (e.getReplicaIndex() == 0 && e.getDestination() != null && e.getDestination().localMember()) {
                    sweepSoon();
                }
            }

            @Override
            public void replicaMigrationFailed(ReplicaMigrationEvent e) {
                sweepSoon();
            }
        });
        unsubscribe.add(() -> hz.getPartitionService().removeMigrationListener(migrations));
        UUID membership = hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                // partitions moving here are announced by the migration listener
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                sweepSoon();
                for (long delay : AFTER_LEAVE_MILLIS) {
                    schedule(DurableTasks.this::sweep, delay);
                }
            }
        });
        unsubscribe.add(() -> hz.getCluster().removeMembershipListener(membership));
        timer.scheduleWithFixedDelay(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        sweepSoon(); // a member that starts into a cluster with pending jobs takes its share at once
    }

    /** Durable results being stored right now; a stopping member waits for them before it leaves. */
    boolean awaitStored(long millis) {
        long until = System.nanoTime() + millis * 1_000_000L;
        while (storing.get() > 0 && System.nanoTime() - until < 0) {
            try {
                Thread.sleep(5); // shutdown path only
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return storing.get() == 0;
    }

    private void added(EntryEvent<JobTaskKey, StoredTask> e) {
        StoredTask v = e.getValue();
        if (v != null && v.state() == StoredTask.PENDING && v.notBeforeMillis() <= System.currentTimeMillis()) {
            offer(List.of(Map.entry(e.getKey(), v)));
        }
    }

    private void sweepSoon() {
        if (sweepQueued.compareAndSet(false, true)) {
            schedule(() -> {
                sweepQueued.set(false);
                sweep();
            }, SWEEP_SOON_MILLIS);
        }
    }

    private void schedule(Runnable r, long delayMillis) {
        if (!closed) {
            try {
                timer.schedule(r, delayMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("member {}: job timer stopped", memberName);
            }
        }
    }

    /** Queues every entry of this member's partitions that needs a run and is not queued here yet. */
    private void sweep() {
        if (closed || !executor.accepting() || !partitions.assigned()) {
            return; // no partitions assigned: no job was ever stored, and a query would assign them all here
        }
        try {
            tallies.finishQuietJobs();
            long idleSince = System.currentTimeMillis() - ORIGIN_IDLE_MILLIS;
            // A job with nothing queued here for a while is forgotten; should one of its tasks come back, a new
            // origin is made, and a task tracked by a forgotten one can at worst be queued twice: its claim settles it.
            origins.values().removeIf(o -> o.slots.isEmpty() && o.lastOffered < idleSince);
            Set<String> live = new HashSet<>();
            for (Member m : hz.getCluster().getMembers()) {
                live.add(m.getUuid().toString());
            }
            Set<JobTaskKey> untracked = new HashSet<>();
            for (JobTaskKey k : tasks.localKeySet(new NeedsRun(live))) {
                if (!tracked(k)) {
                    untracked.add(k);
                }
            }
            if (untracked.isEmpty()) {
                return;
            }
            long now = System.currentTimeMillis();
            long wake = Long.MAX_VALUE;
            List<Map.Entry<JobTaskKey, StoredTask>> ready = new ArrayList<>();
            for (Map.Entry<JobTaskKey, StoredTask> e : tasks.getAll(untracked).entrySet()) {
                StoredTask v = e.getValue();
                if (v == null || !v.needsRun(live)) {
                    continue;
                }
                if (v.state() == StoredTask.PENDING && v.notBeforeMillis() > now) {
                    wake = Math.min(wake, v.notBeforeMillis());
                    continue;
                }
                ready.add(e);
            }
            if (wake != Long.MAX_VALUE) {
                schedule(this::sweep, wake - now);
            }
            if (!ready.isEmpty()) {
                int rerun = offer(ready);
                LOG.info("member {}: queued {} durable tasks found in its partitions ({} to run again: their member left)",
                        memberName, ready.size(), rerun);
            }
        } catch (RuntimeException e) { // e.g. Hazelcast shutting down, or a partition migrating under the query
            if (!closed && hz.getLifecycleService().isRunning()) {
                LOG.warn("member {}: looking for durable tasks failed; trying again shortly: {}", memberName, e.toString());
                schedule(this::sweep, 500);
            }
        }
    }

    private boolean tracked(JobTaskKey k) {
        JobOrigin o = origins.get(k.job());
        return o != null && o.slots.containsKey(k.index());
    }

    /**
     * Queues these entries (each at most once here).
     *
     * @return how many are re-runs of an attempt whose member left
     */
    private int offer(List<Map.Entry<JobTaskKey, StoredTask>> found) {
        List<MemberTask> batch = new ArrayList<>(found.size());
        int rerun = 0;
        long now = System.nanoTime();
        for (Map.Entry<JobTaskKey, StoredTask> e : found) {
            StoredTask v = e.getValue();
            boolean orphaned = v.state() == StoredTask.RUNNING;
            int attempt = orphaned ? v.attempt() + 1 : v.attempt();
            if (orphaned && attempt > v.maxAttempts()) {
                giveUp(e.getKey(), v);
                continue;
            }
            JobOrigin origin = origins.computeIfAbsent(v.job(), job -> new JobOrigin(job, v.jobId()));
            MemberTask t = new MemberTask(origin, v.index(), attempt, v.priority(), Locality.OWNER.ordinal(), false, v.partition(),
                    v.mapName(), v.timeoutMillis(), now, v.payload());
            origin.lastOffered = System.currentTimeMillis();
            if (origin.slots.putIfAbsent(v.index(), new Slot(e.getKey(), v, t)) == null) {
                batch.add(t);
                rerun += orphaned ? 1 : 0;
            }
        }
        if (!batch.isEmpty()) {
            executor.submitDurable(batch);
        }
        return rerun;
    }

    /** Its member died running its last allowed attempt: it ends failed, with that said. */
    private void giveUp(JobTaskKey key, StoredTask v) {
        byte[] record = Wire.resultFailed(v.index(), v.attempt(), new GridException("member " + v.runner() + " left the cluster"
                + " while running attempt " + v.attempt() + " of task " + Long.toHexString(v.job()) + "-" + v.index() + " of job "
                + v.jobId() + ", its last (maxAttempts " + v.maxAttempts() + ")"));
        store(null, null, key, v, new FinishTask(v.runnerId(), v.attempt(), record, -1, System.currentTimeMillis()));
    }

    /**
     * Stores an outcome; once a final one is stored (here, once per task), counts it for the job's events and
     * publishes what the attempt made public. {@code origin} and {@code task} are null when no task of the job ran
     * here (an attempt given up for its dead member); the origin keeps the job's record alive.
     */
    private void store(JobOrigin origin, MemberTask task, JobTaskKey key, StoredTask v, FinishTask finish) {
        storing.incrementAndGet();
        tasks.submitToKey(key, finish).whenComplete((stored, error) -> {
            storing.decrementAndGet();
            if (error != null) {
                LOG.warn("member {}: the outcome of task {} of job {} could not be stored; it will run again: {}", memberName,
                        v.index(), v.jobId(), error.toString());
            } else if (Boolean.TRUE.equals(stored) && finish.retryAtMillis() >= 0) {
                schedule(this::sweep, Math.max(0, finish.retryAtMillis() - System.currentTimeMillis()));
            } else if (Boolean.TRUE.equals(stored)) {
                tallies.counted(v.jobId(), ResultRecord.parse(finish.record()).status() == Wire.OK);
                if (task != null) {
                    executor.outcomes().ended(task, finish.record());
                }
                if (origin != null) {
                    origin.keepRecord(v.retentionMillis());
                }
            }
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        for (Runnable r : unsubscribe) {
            try {
                r.run();
            } catch (RuntimeException e) { // Hazelcast already down
                LOG.debug("member {}: removing a durable-task listener: {}", memberName, e.toString());
            }
        }
    }

    /** A queued or running durable task: its entry's key, the entry as it was found, and the task queued for it. */
    private static final class Slot {
        final JobTaskKey key;
        final StoredTask seen;
        final MemberTask task;
        volatile boolean claimed;

        Slot(JobTaskKey key, StoredTask seen, MemberTask task) {
            this.key = key;
            this.seen = seen;
            this.task = task;
        }
    }

    /**
     * One job's tasks on this member: the origin its queued tasks answer to. Its answers go to the grid, not to a
     * connection: the submitter may be gone, and whoever wants the results reads them from the entries.
     */
    private final class JobOrigin implements TaskOrigin {
        final long job;
        final String jobId;
        /** Task index to its slot, while queued or running here. */
        final ConcurrentHashMap<Long, Slot> slots = new ConcurrentHashMap<>();
        private volatile long recordKeptMillis;
        volatile long lastOffered;

        JobOrigin(long job, String jobId) {
            this.job = job;
            this.jobId = jobId;
        }

        @Override
        public long clientId() {
            return job; // each job is its own submitter for fair share
        }

        @Override
        public Optional<String> jobId() {
            return Optional.of(jobId);
        }

        @Override
        public boolean storesOutcome() {
            return true;
        }

        @Override
        public void forget(long seq) {
            // the slot goes when the answer comes (reply), which says whether anything ran
        }

        @Override
        public void replace(MemberTask old, MemberTask task) {
            throw new IllegalStateException("durable task " + jobId + "/" + old.seq + " was lent; durable tasks never move");
        }

        @Override
        public boolean claim(MemberTask t) {
            Slot slot = slots.get(t.seq);
            if (slot == null || slot.task != t) {
                return false;
            }
            boolean won;
            try {
                won = Boolean.TRUE.equals(tasks.executeOnKey(slot.key, ClaimTask.of(slot.seen, t.attempt, memberId, memberName)));
            } catch (RuntimeException e) {
                LOG.debug("member {}: claiming task {} of job {} failed: {}", memberName, t.seq, jobId, e.toString());
                won = false;
            }
            if (!won) {
                slots.remove(t.seq, slot); // another member has it, or it is done
                return false;
            }
            slot.claimed = true;
            return true;
        }

        @Override
        public void reply(byte[] resultRecord) {
            ResultRecord r = ResultRecord.parse(resultRecord);
            Slot slot = slots.remove(r.seq());
            if (slot == null) {
                return;
            }
            if (!slot.claimed) { // nothing ran: not ours any more, the queue was full, or the member is leaving
                if (r.status() == Wire.REJECTED && executor.accepting()) {
                    schedule(DurableTasks.this::sweep, 1_000);
                }
                return;
            }
            StoredTask v = slot.seen;
            int attempt = slot.task.attempt;
            long now = System.currentTimeMillis();
            long retryAt = -1;
            if (r.retryable() && attempt < v.maxAttempts()) {
                retryAt = now + backoffMillis(v.backoffMillis(), attempt);
            }
            if (retryAt >= 0) {
                executor.metrics().retried(slot.task);
            }
            store(this, slot.task, slot.key, v, new FinishTask(memberId, attempt, resultRecord, retryAt, now));
        }

        /** Keeps the job's record as long as its newest result: rate-limited, one write a second at most. */
        void keepRecord(long retentionMillis) {
            long now = System.currentTimeMillis();
            if (now - recordKeptMillis < Math.min(1_000, retentionMillis / 4)) {
                return;
            }
            recordKeptMillis = now;
            try {
                timer.execute(() -> {
                    try {
                        jobs.setTtl(jobId, retentionMillis, TimeUnit.MILLISECONDS);
                        tallyMap.setTtl(jobId, retentionMillis, TimeUnit.MILLISECONDS);
                    } catch (RuntimeException e) {
                        LOG.debug("member {}: extending the record of job {}: {}", memberName, jobId, e.toString());
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("member {}: job timer stopped", memberName);
            }
        }
    }

    /** The wait before attempt {@code failed + 1}: the first back-off, doubled per attempt since, at most a minute. */
    static long backoffMillis(long first, int failed) {
        return RetryPolicy.onFailure(Math.max(1, failed), Duration.ofMillis(first)).backoffAfter(failed).toMillis();
    }
}
