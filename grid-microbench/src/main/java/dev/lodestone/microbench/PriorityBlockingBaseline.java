package dev.lodestone.microbench;

import java.util.List;
import java.util.concurrent.PriorityBlockingQueue;

/**
 * The rival: one {@link PriorityBlockingQueue} ordered by {@link BenchTask#PRIORITY_THEN_SEQUENCE}, used
 * the way a grid without its own queue would use it. A frame is added task by task (its {@code addAll}
 * takes the queue's lock once per task); a batch is taken by its own {@code drainTo}, one lock hold.
 *
 * <p>THREADING: thread-safe, by the queue's own lock.
 */
final class PriorityBlockingBaseline implements BenchQueue {

    private final PriorityBlockingQueue<BenchTask> queue = new PriorityBlockingQueue<>(1024, BenchTask.PRIORITY_THEN_SEQUENCE);

    @Override
    public boolean offer(BenchTask task) {
        return queue.offer(task);
    }

    @Override
    public int offerAll(List<BenchTask> tasks) {
        for (int i = 0, n = tasks.size(); i < n; i++) {
            queue.offer(tasks.get(i));
        }
        return tasks.size();
    }

    @Override
    public BenchTask poll() {
        return queue.poll();
    }

    @Override
    public int drainTo(List<BenchTask> out, int max) {
        return queue.drainTo(out, max);
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public String toString() {
        return "PriorityBlockingBaseline[size=" + queue.size() + "]";
    }
}
