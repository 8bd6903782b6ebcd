package dev.lodestone.runtime.member;

import dev.lodestone.api.task.Priority;
import dev.lodestone.api.task.TaskId;
import dev.lodestone.scheduler.Schedulable;

/**
 * A task on a member, from arrival to its result. The payload stays serialized until a worker
 * runs it, so queueing costs no Kryo work and a queued task is one object plus its bytes.
 *
 * <p>THREADING: the final fields are set by the connection's reader thread before the task is
 * published through the executor's lock. {@code state}, {@code worker} and {@code cancelled} are
 * guarded by this object's monitor: cancel and completion race, and the monitor makes the
 * interrupt hit only the run it was meant for.
 */
final class MemberTask implements Schedulable {

    static final int QUEUED = 0;
    static final int RUNNING = 1;
    static final int DONE = 2;

    final ClientSession session;
    final long seq;
    final int attempt;
    final int priority;
    final int locality;
    final boolean pinned;
    final int partition;
    final String mapName;
    final long deadlineNanos;
    /** When the task arrived in this member's queue ({@link System#nanoTime()}): its queue wait starts here. */
    final long arrivalNanos;
    final long timeoutMillis;
    final byte[] payload;

    private int state = QUEUED;
    private Thread worker;
    private volatile boolean cancelled;

    MemberTask(ClientSession session, long seq, int attempt, int priority, int locality, boolean pinned, int partition,
               String mapName, long timeoutMillis, long arrivalNanos, byte[] payload) {
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
}
