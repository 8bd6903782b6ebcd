package dev.lodestone.microbench;

import java.util.List;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The rival: one {@link PriorityBlockingQueue} ordered by {@link BenchTask#PRIORITY_THEN_SEQUENCE}, used
 * the way a grid without its own queue would use it. A frame is added task by task (its {@code addAll}
 * takes the queue's lock once per task); a batch is taken by its own {@code drainTo}, one lock hold.
 * An idle worker waits in the queue's own timed {@code poll}, as a thread pool's worker waits in {@code take}.
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
    public BenchTask take(long timeoutNanos) throws InterruptedException {
        return queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public int drainTo(List<BenchTask> out, int max, long timeoutNanos) throws InterruptedException {
        if (max <= 0) {
            return 0;
        }
        BenchTask first = queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        if (first == null) {
            return 0;
        }
        out.add(first);
        return 1 + queue.drainTo(out, max - 1);
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
