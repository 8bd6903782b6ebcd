package dev.lodestone.microbench;

import dev.lodestone.scheduler.TaskQueue;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link TaskQueue} kept as the member's task executor keeps it: every call holds one
 * {@link ReentrantLock}, so a frame of tasks costs one acquisition and so does a worker's batch.
 * Idle workers wait on a condition of that lock, counted, and an offer wakes at most as many of
 * them as tasks arrived, as the executor does.
 *
 * <p>THREADING: thread-safe, by that one lock.
 */
final class LockedTaskQueue implements BenchQueue {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final TaskQueue<BenchTask> queue;
    /** Workers waiting on {@link #notEmpty}; guarded by {@link #lock}. */
    private int idle;

    LockedTaskQueue(TaskQueue<BenchTask> queue) {
        this.queue = queue;
    }

    @Override
    public boolean offer(BenchTask task) {
        lock.lock();
        try {
            boolean added = queue.offer(task);
            if (added && idle > 0) {
                notEmpty.signal();
            }
            return added;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int offerAll(List<BenchTask> tasks) {
        lock.lock();
        try {
            int added = queue.offerAll(tasks);
            for (int i = Math.min(added, idle); i > 0; i--) {
                notEmpty.signal();
            }
            return added;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public BenchTask poll() {
        lock.lock();
        try {
            return queue.poll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int drainTo(List<BenchTask> out, int max) {
        lock.lock();
        try {
            return queue.drainTo(out, max);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public BenchTask take(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            return awaitTask(timeoutNanos) ? queue.poll() : null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int drainTo(List<BenchTask> out, int max, long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            return awaitTask(timeoutNanos) ? queue.drainTo(out, max) : 0;
        } finally {
            lock.unlock();
        }
    }

    /** Waits, holding the lock, until a task is queued or the time is up; true if one is. */
    private boolean awaitTask(long timeoutNanos) throws InterruptedException {
        long left = timeoutNanos;
        while (queue.isEmpty()) {
            if (left <= 0) {
                return false;
            }
            idle++;
            try {
                left = notEmpty.awaitNanos(left);
            } finally {
                idle--;
            }
        }
        return true;
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "LockedTaskQueue[" + queue + "]";
    }
}
