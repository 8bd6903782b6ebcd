package dev.lodestone.runtime.member;

import dev.lodestone.api.task.Priority;
import dev.lodestone.api.task.Task;
import dev.lodestone.runtime.serial.KryoCodec;
import dev.lodestone.runtime.serial.NotSerializableValueException;
import dev.lodestone.runtime.transport.Connection;
import dev.lodestone.runtime.transport.Wire;
import dev.lodestone.scheduler.MemberScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The member's task queue and its workers.
 *
 * <p>Concurrency: one lock guards the queue (a {@link MemberScheduler}, not thread-safe) and the count
 * of idle workers. Readers offer whole batches under one acquisition and signal at most as many
 * idle workers as tasks arrived, so a burst of N tasks costs at most min(N, idle) wake-ups. Workers
 * take one task at a time, so priority order holds to the last moment. Everything a worker does
 * with a task (decode, run, encode, send) happens outside the lock.
 *
 * <p>Stealing: the queue is a {@link MemberScheduler}, so an idle peer's steal request takes tasks
 * out under the same lock a worker polls under: a task is started here or lent, never both. Lent
 * tasks count as running until their result comes back, so a draining member waits for them.
 *
 * <p>Failure handling: a task that throws, cannot be decoded, or returns an unserializable result
 * ends with a FAILED or REJECTED result naming the task and the member; the worker carries on.
 */
final class TaskExecutor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskExecutor.class);
    /** Results of tasks above this priority are written at once, not deferred to share a frame. */
    private static final int URGENT_ABOVE = Priority.NORMAL.ordinal();
    /**
     * A result is held for the next ones only after a task shorter than this: then more results are likely within the
     * allowance. After a long task it goes at once; held, it would only wait for the flusher (the priority bench's HIGH
     * p99 went from 5.6 to 18-360 ms when 1 ms LOW tasks' results were held).
     */
    private static final long SHORT_TASK_NANOS = Connection.DEFER_NANOS / 4;

    private final String memberName;
    private final KryoCodec codec;
    private final MemberServices services;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final MemberScheduler<MemberTask> queue;
    private final List<Thread> workers = new ArrayList<>();
    private final ScheduledExecutorService deadlines;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger lentOut = new AtomicInteger();
    private volatile Stealer stealer;
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final MemberTaskMetrics metrics;
    private final OutcomePublisher outcomes;
    /** Workers waiting for a task; written under {@code lock}, volatile for {@link #anyWorkerIdle}. */
    private volatile int idle;
    private volatile boolean accepting = true;
    private volatile boolean stopped;

    TaskExecutor(String memberName, int threads, MemberScheduler<MemberTask> queue, KryoCodec codec, MemberServices services) {
        this.memberName = memberName;
        this.codec = codec;
        this.services = services;
        this.queue = queue;
        this.metrics = new MemberTaskMetrics(services.partitions(), memberName);
        this.outcomes = new OutcomePublisher(memberName);
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "lodestone-deadline-" + memberName);
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true); // a finished task's watchdog must not pin the task until its deadline
        this.deadlines = timer;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::workLoop, "lodestone-worker-" + memberName + "-" + i);
            t.setDaemon(true);
            workers.add(t);
        }
        workers.forEach(Thread::start);
    }

    int workerThreads() {
        return workers.size();
    }

    /** Set once, before any task arrives. */
    void stealer(Stealer s) {
        this.stealer = s;
    }

    MemberTaskMetrics metrics() {
        return metrics;
    }

    OutcomePublisher outcomes() {
        return outcomes;
    }

    /**
     * Queues a batch from one connection. Tasks that do not fit are answered REJECTED at once, and
     * tasks arriving while the member is leaving are answered WRONG_OWNER so the client routes them
     * to the partition's next owner: nothing accepted is dropped.
     */
    void submitAll(List<MemberTask> batch) {
        enqueue(batch, true);
    }

    /**
     * @param fresh true for tasks arriving from their clients (counted submitted); false for tasks
     *              stolen from a peer (counted stolen) or queued again after a borrower left (not counted again)
     */
    private void enqueue(List<MemberTask> batch, boolean fresh) {
        int added;
        int depth;
        long loose;
        lock.lock();
        try {
            // Checked under the lock that drain() holds when it stops acceptance: no batch can slip
            // into the queue after drain() emptied it.
            if (!accepting) {
                added = -1;
                depth = 0;
                loose = 0;
            } else {
                added = queue.offerAll(batch);
                depth = queue.size();
                loose = queue.loose();
                // under the lock: no worker can start a task before it is counted
                if (fresh) {
                    metrics.accepted(batch, added);
                } else {
                    for (int i = 0; i < added; i++) {
                        if (batch.get(i).stolen) {
                            metrics.stolen(batch.get(i));
                        }
                    }
                }
            }
            for (int i = Math.max(0, Math.min(added, idle)); i > 0; i--) {
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
        if (added < 0) {
            batch.forEach(this::handBack);
            return;
        }
        Stealer s = stealer;
        if (loose > 0 && s != null) {
            s.looseQueued();
        }
        if (added < batch.size()) {
            if (fresh) {
                rejectOverflow(batch, added, depth);
            } else {
                // Stolen or re-queued tasks had been accepted by their owner: nothing ran, so they go back to be routed again.
                batch.subList(added, batch.size()).forEach(this::handBack);
            }
        }
    }

    private void rejectOverflow(List<MemberTask> batch, int added, int depth) {
        for (int i = added; i < batch.size(); i++) {
            MemberTask t = batch.get(i);
            metrics.rejected(t.priority);
            t.session.forget(t.seq);
            t.session.reply(Wire.resultStatus(t.seq, t.attempt, Wire.REJECTED, "member " + memberName
                    + " refused task " + t.id() + ": its queue is full (capacity " + queue.queue().capacity() + ", depth " + depth
                    + "); set queue.capacity higher or submit more slowly"));
        }
    }

    /** Answers WRONG_OWNER: nothing ran here, the client routes the task to the partition's next owner. */
    private void handBack(MemberTask t) {
        t.session.forget(t.seq);
        t.session.reply(Wire.resultStatus(t.seq, t.attempt, Wire.WRONG_OWNER, null));
    }

    /**
     * Queues durable tasks this member found in its partitions. Like a client's batch: overflow is answered
     * REJECTED and a draining member answers WRONG_OWNER, which for a durable task only means "not here, not now":
     * its entry stays pending in the grid.
     */
    void submitDurable(List<MemberTask> batch) {
        enqueue(batch, true);
    }

    /** Queues tasks lent to this member by a peer; they run here whatever their partition. */
    void submitStolen(List<MemberTask> batch) {
        enqueue(batch, false);
    }

    /** Queues again a task whose borrower left without answering. */
    void requeue(MemberTask t) {
        enqueue(new ArrayList<>(List.of(t)), false);
    }

    /**
     * Takes up to {@code max} queued tasks that member {@code thiefName} may run now and marks them
     * lent to {@code thief}; tasks cancelled in between are answered here.
     */
    List<MemberTask> lend(ClientSession thief, String thiefName, int max) {
        List<MemberTask> taken = new ArrayList<>();
        lock.lock();
        try {
            // A member with idle workers runs its own queue: lending then would only add a round trip.
            if (accepting && idle == 0) {
                queue.takeFor(thiefName, max, taken);
            }
        } catch (RuntimeException e) { // e.g. Hazelcast shutting down under the partition lookup
            LOG.warn("member {}: lending to {} failed; the tasks taken so far stay here", memberName, thiefName, e);
            queue.offerAll(taken);
            taken.clear();
        } finally {
            lock.unlock();
        }
        List<MemberTask> lent = new ArrayList<>(taken.size());
        for (MemberTask t : taken) {
            if (t.lend(thief)) {
                lentOut.incrementAndGet();
                lent.add(t);
            } else {
                t.session.forget(t.seq);
                t.session.reply(Wire.resultStatus(t.seq, t.attempt, Wire.CANCELLED, null));
            }
        }
        return lent;
    }

    /** A lent task was answered, or came back. */
    void loanReturned() {
        lentOut.decrementAndGet();
    }

    /** {queued, loose}: the queue's depth and how many of those another member could ever run. */
    long[] queueLoad() {
        lock.lock();
        try {
            return new long[] {queue.size(), queue.loose()};
        } finally {
            lock.unlock();
        }
    }

    /** False once the member is draining or stopped. */
    boolean accepting() {
        return accepting;
    }

    /** Workers waiting for a task now. */
    /**
     * Whether a worker waits for a task, read without the lock: a hint for the stealer. A worker going idle
     * writes {@code idle} and then reads the stealer's {@code anyLoose}; the stealer writes {@code anyLoose} and
     * then reads this, so with both volatile at least one of the two sees the other and a steal is tried.
     */
    boolean anyWorkerIdle() {
        return idle > 0;
    }

    int idleWorkers() {
        lock.lock();
        try {
            return idle;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a queued task; false if it already started or finished. */
    boolean removeQueued(MemberTask t) {
        lock.lock();
        try {
            return queue.remove(t);
        } finally {
            lock.unlock();
        }
    }

    long queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    long running() {
        return running.get();
    }

    long succeeded() {
        return succeeded.sum();
    }

    long failed() {
        return failed.sum();
    }

    /**
     * A worker's loop. A result is sent once the worker knows whether another task follows: if one does and the task
     * was short, the result may wait ({@link TaskOrigin#replySoon}) to share a frame with the next results, and the
     * worker writes whatever waits as soon as it finds the queue empty, before it sleeps. So a burst of N tasks costs one write, not N, and
     * a lone task's result goes at once. Results of urgent tasks (above {@link Priority#NORMAL}) always go at once.
     * A task counts as running until its result is handed to its origin, so drain() never sees 0 before that.
     */
    private void workLoop() {
        List<Connection> unflushed = new ArrayList<>(4); // connections holding results this worker deferred
        MemberTask done = null; // ran, result not handed over yet
        byte[] doneReply = null;
        boolean doneShort = false;
        while (true) {
            MemberTask t;
            lock.lock();
            try {
                t = stopped ? null : queue.poll();
                if (t != null) {
                    running.incrementAndGet(); // under the lock: drain() must never see 0 while a polled task is about to run
                }
            } finally {
                lock.unlock();
            }
            if (done != null) {
                try {
                    sendResult(done, doneReply, t != null && doneShort, unflushed);
                } catch (Throwable e) {
                    LOG.error("worker failed sending the result of {} on member {}", done.id(), memberName, e);
                } finally {
                    done = null;
                    doneReply = null;
                    running.decrementAndGet();
                }
            }
            if (t == null) {
                flush(unflushed);
                t = awaitTask();
                if (t == null) {
                    return;
                }
            }
            try {
                long began = System.nanoTime();
                doneReply = execute(t);
                done = t;
                doneShort = System.nanoTime() - began < SHORT_TASK_NANOS;
            } catch (Throwable e) {
                LOG.error("worker failed outside a task on member {}", memberName, e);
                running.decrementAndGet();
            }
        }
    }

    private static void sendResult(MemberTask t, byte[] reply, boolean moreToRun, List<Connection> unflushed) {
        if (!moreToRun || t.priority > URGENT_ABOVE) {
            t.session.reply(reply);
            return;
        }
        Connection held = t.session.replySoon(reply);
        if (held != null && !unflushed.contains(held)) {
            unflushed.add(held);
        }
    }

    private static void flush(List<Connection> unflushed) {
        for (Connection c : unflushed) {
            c.flush();
        }
        unflushed.clear();
    }

    /** Waits for the next task and takes it, counted as running; null once the executor stopped. */
    private MemberTask awaitTask() {
        lock.lock();
        try {
            MemberTask t;
            while ((t = queue.poll()) == null) {
                if (stopped) {
                    return null;
                }
                idle++;
                Stealer s = stealer;
                if (s != null) {
                    s.workerIdle();
                }
                try {
                    notEmpty.await();
                } catch (InterruptedException e) {
                    // a cancel aimed at a finished task may land here; only stop() ends the loop
                } finally {
                    idle--;
                }
            }
            running.incrementAndGet();
            return t;
        } finally {
            lock.unlock();
        }
    }

    /** Runs one task and returns its RESULT record, counted and published, for the caller to send. */
    private byte[] execute(MemberTask t) {
        MemberTaskMetrics.Start start = metrics.started(t);
        byte[] reply;
        if (!t.start(Thread.currentThread())) {
            failed.increment();
            reply = Wire.resultStatus(t.seq, t.attempt, Wire.CANCELLED, null);
        } else {
            try {
                reply = runChecked(t);
            } catch (Throwable e) { // e.g. StackOverflowError writing a deep result: answer, never leave the client waiting
                failed.increment();
                reply = Wire.resultFailed(t.seq, t.attempt, e);
            } finally {
                t.finish();
            }
        }
        metrics.finished(t, reply, start);
        if (!t.session.storesOutcome()) {
            outcomes.ended(t, reply);
        }
        t.session.forget(t.seq);
        return reply;
    }

    /** Runs the task and returns its RESULT record. */
    private byte[] runChecked(MemberTask t) {
        if (t.deadlineNanos != 0 && System.nanoTime() - t.deadlineNanos > 0) {
            failed.increment();
            return Wire.resultStatus(t.seq, t.attempt, Wire.TIMED_OUT, "before it started, on member " + memberName);
        }
        if (!t.pinned && !t.stolen && t.partition >= 0 && !services.partitions().ownedLocally(t.partition)) {
            return Wire.resultStatus(t.seq, t.attempt, Wire.WRONG_OWNER, null); // moved while queued: nothing ran
        }
        if (!t.session.claim(t)) { // a durable task another member claimed first: nothing ran here
            return Wire.resultStatus(t.seq, t.attempt, Wire.WRONG_OWNER, null);
        }
        Task<?> task;
        try {
            Object decoded = codec.decode(t.payload);
            if (!(decoded instanceof Task<?> tk)) {
                failed.increment();
                return Wire.resultStatus(t.seq, t.attempt, Wire.REJECTED, "task " + t.id() + " on member " + memberName
                        + ": payload is a " + (decoded == null ? "null" : decoded.getClass().getName()) + ", not a Task");
            }
            task = tk;
        } catch (NotSerializableValueException e) {
            failed.increment();
            return Wire.resultStatus(t.seq, t.attempt, Wire.REJECTED, "task " + t.id() + " could not be read on member "
                    + memberName + ": " + e.getMessage() + " (is the task's jar on the member's class path?)");
        }
        ScheduledFuture<?> watchdog = t.deadlineNanos == 0 ? null
                : deadlines.schedule(t::cancel, t.deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        Object result;
        try {
            result = task.run(new MemberTaskContext(t, memberName, services));
        } catch (Throwable e) {
            failed.increment();
            if (t.isCancelled() && t.deadlineNanos != 0 && System.nanoTime() - t.deadlineNanos >= 0) {
                return Wire.resultStatus(t.seq, t.attempt, Wire.TIMED_OUT, "while running on member " + memberName);
            }
            if (t.isCancelled()) {
                return Wire.resultStatus(t.seq, t.attempt, Wire.CANCELLED, null);
            }
            return Wire.resultFailed(t.seq, t.attempt, e);
        } finally {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
        }
        try {
            byte[] encoded = codec.encode(result);
            if (encoded.length > Connection.MAX_RECORD) {
                failed.increment();
                return Wire.resultStatus(t.seq, t.attempt, Wire.REJECTED, "the result of task " + t.id() + " on member "
                        + memberName + " is " + encoded.length + " bytes, more than the " + Connection.MAX_RECORD
                        + " a result may carry; write large outputs to a map and return their keys");
            }
            byte[] reply = Wire.resultOk(t.seq, t.attempt, encoded);
            t.result(result);
            succeeded.increment();
            return reply;
        } catch (NotSerializableValueException e) {
            failed.increment();
            return Wire.resultStatus(t.seq, t.attempt, Wire.REJECTED, "the result of task " + t.id() + " on member "
                    + memberName + " cannot be sent back: " + e.getMessage());
        }
    }

    /**
     * Stops taking tasks: queued ones are answered WRONG_OWNER (their clients route them to the
     * partition's next owner), running ones may finish within {@code graceMillis}.
     *
     * @return true if every running task finished in time
     */
    boolean drain(long graceMillis) {
        List<MemberTask> handBack = new ArrayList<>();
        lock.lock();
        try {
            accepting = false;
            queue.drainTo(handBack, Integer.MAX_VALUE);
        } finally {
            lock.unlock();
        }
        handBack.forEach(this::handBack);
        long until = System.nanoTime() + graceMillis * 1_000_000L;
        while (running.get() + lentOut.get() > 0 && System.nanoTime() - until < 0) {
            try {
                Thread.sleep(10); // shutdown path only; nothing to be signalled by
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return running.get() + lentOut.get() == 0;
    }

    @Override
    public void close() {
        stopped = true;
        accepting = false;
        lock.lock();
        try {
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        workers.forEach(Thread::interrupt);
        deadlines.shutdownNow();
    }
}
