package dev.lodestone.microbench;

import dev.lodestone.scheduler.TaskQueue;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link TaskQueue} kept as the member's task executor keeps it: every call holds one
 * {@link ReentrantLock}, so a frame of tasks costs one acquisition and so does a worker's batch.
 * The condition the member's idle workers wait on is left out: the benchmarks never park.
 *
 * <p>THREADING: thread-safe, by that one lock.
 */
final class LockedTaskQueue implements BenchQueue {

    private final ReentrantLock lock = new ReentrantLock();
    private final TaskQueue<BenchTask> queue;

    LockedTaskQueue(TaskQueue<BenchTask> queue) {
        this.queue = queue;
    }

    @Override
    public boolean offer(BenchTask task) {
        lock.lock();
        try {
            return queue.offer(task);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int offerAll(List<BenchTask> tasks) {
        lock.lock();
        try {
            return queue.offerAll(tasks);
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
