package dev.lodestone.runtime.member;

import dev.lodestone.api.events.Topic;
import dev.lodestone.api.task.Locality;
import dev.lodestone.api.task.Priority;
import dev.lodestone.api.task.TaskId;
import dev.lodestone.runtime.events.StagedEvents;
import dev.lodestone.scheduler.Placeable;

/**
 * A task on a member, from arrival to its result. The payload stays serialized until a worker
 * runs it, so queueing costs no Kryo work and a queued task is one object plus its bytes.
 *
 * <p>THREADING: the final fields are set by the connection's reader thread before the task is
 * published through the executor's lock. {@code state}, {@code worker} and {@code cancelled} are
 * guarded by this object's monitor: cancel and completion race, and the monitor makes the
 * interrupt hit only the run it was meant for.
 *
 * <p>States: QUEUED, then RUNNING here or LENT (taken by an idle member, which runs it and sends the
 * result back through this member), then DONE. A lent task whose thief leaves goes back to QUEUED.
 */
final class MemberTask implements Placeable {

    private static final Locality[] LOCALITIES = Locality.values();

    static final int QUEUED = 0;
    static final int RUNNING = 1;
    static final int DONE = 2;
    static final int LENT = 3;

    final TaskOrigin session;
    final long seq;
    final int attempt;
    final int priority;
    final int locality;
    final boolean pinned;
    final int partition;
    final String mapName;
    final long deadlineNanos;
    final long timeoutMillis;
    final byte[] payload;
    /**
     * When it arrived here ({@link System#nanoTime()}), less any wait in a lending member's queue: its queue
     * wait and the locality ladder's wait count from this.
     */
    final long arrivalNanos;
    /** Taken from another member's queue: it runs here whatever the partition, and is not lent on again. */
    final boolean stolen;

    private int state = QUEUED;
    private Thread worker;
    private volatile boolean cancelled;
    /** The session of the member this task is lent to, while LENT. */
    private ClientSession borrower;
    /** Events the running attempt staged to publish once it succeeded; null until it stages one. Its worker's. */
    private StagedEvents staged;
    /** What the attempt returned, for the results topic. Written by its worker before the attempt's reply. */
    private Object result;

    MemberTask(TaskOrigin session, long seq, int attempt, int priority, int locality, boolean pinned, int partition,
               String mapName, long timeoutMillis, long arrivalNanos, byte[] payload) {
        this(session, seq, attempt, priority, locality, pinned, partition, mapName, timeoutMillis, arrivalNanos, payload,
                false);
    }

    MemberTask(TaskOrigin session, long seq, int attempt, int priority, int locality, boolean pinned, int partition,
               String mapName, long timeoutMillis, long arrivalNanos, byte[] payload, boolean stolen) {
        this.session = session;
        this.seq = seq;
        this.attempt = attempt;
        this.priority = priority;
        this.locality = locality;
        this.pinned = pinned;
        this.partition = partition;
        this.mapName = mapName;
        this.timeoutMillis = timeoutMillis;
        this.arrivalNanos = arrivalNanos;
        this.deadlineNanos = timeoutMillis == 0 ? 0 : arrivalNanos + timeoutMillis * 1_000_000L;
        this.payload = payload;
        this.stolen = stolen;
    }

    @Override
    public int partition() {
        return partition;
    }

    @Override
    public Locality locality() {
        return locality >= 0 && locality < LOCALITIES.length ? LOCALITIES[locality] : Locality.OWNER;
    }

    @Override
    public boolean movable() {
        return !pinned && !stolen;
    }

    @Override
    public long enqueuedNanos() {
        return arrivalNanos;
    }

    @Override
    public int priorityLevel() {
        return priority;
    }

    @Override
    public long submitterId() {
        return session.clientId();
    }

    @Override
    public long sequence() {
        return seq;
    }

    /** Stages an event to publish once this attempt succeeded for good. Called by the worker running it. */
    <E> void stage(Topic<E> topic, E event) {
        if (staged == null) {
            staged = new StagedEvents();
        }
        staged.add(topic, event);
    }

    /** What the attempt staged (null: nothing), for whoever learns that it succeeded for good. */
    StagedEvents staged() {
        return staged;
    }

    void result(Object value) {
        result = value;
    }

    Object result() {
        return result;
    }

    TaskId id() {
        return new TaskId(session.clientId(), seq);
    }

    Priority priorityEnum() {
        return Priority.ofLevel(priority);
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** Marks the task running on this thread; false if it was cancelled first. */
    synchronized boolean start(Thread thread) {
        if (cancelled || state != QUEUED) {
            return false;
        }
        state = RUNNING;
        worker = thread;
        return true;
    }

    /** Marks the task done; clears an interrupt meant for it so the worker's next task does not see it. */
    synchronized void finish() {
        state = DONE;
        worker = null;
        Thread.interrupted();
    }

    /** Sets the flag and, if the task is running, interrupts its worker. */
    synchronized boolean cancel() {
        if (state == DONE) {
            return false;
        }
        cancelled = true;
        if (state == RUNNING && worker != null) {
            worker.interrupt();
        }
        return true;
    }

    synchronized boolean isQueued() {
        return state == QUEUED;
    }

    /** Marks a task just taken out of the queue as lent to {@code to}; false if it was cancelled meanwhile. */
    synchronized boolean lend(ClientSession to) {
        if (cancelled || state != QUEUED) {
            return false;
        }
        state = LENT;
        borrower = to;
        return true;
    }

    /** The member it is lent to, or null when it is not lent. */
    synchronized ClientSession borrower() {
        return state == LENT ? borrower : null;
    }

    /** Its borrower left before answering: it is queued here again (unless cancelled: then false). */
    synchronized boolean unlend() {
        if (state != LENT) {
            return false;
        }
        borrower = null;
        if (cancelled) {
            state = DONE;
            return false;
        }
        state = QUEUED;
        return true;
    }

    /**
     * A fresh copy for running here again after its borrower left without answering: it may have run there,
     * so it is the next attempt.
     */
    MemberTask rerun() {
        return new MemberTask(session, seq, attempt + 1, priority, locality, pinned, partition, mapName, timeoutMillis,
                arrivalNanos, payload, stolen);
    }

    /** The borrower answered. */
    synchronized void returned() {
        state = DONE;
        borrower = null;
    }
}
