package dev.lodestone.microbench;

import dev.lodestone.scheduler.AgingPolicy;
import dev.lodestone.scheduler.Clock;
import dev.lodestone.scheduler.TaskQueue;

/**
 * The queues the queue benchmarks compare, made through one factory (a JMH {@code @Param}).
 *
 * <pre>{@code
 * BenchQueue queue = QueueType.TASK_QUEUE_AGING.create(1 << 20);
 * }</pre>
 */
public enum QueueType {

    /** The member's {@link TaskQueue} with the default aging step, behind one lock as the member keeps it. */
    TASK_QUEUE_AGING {
        @Override
        public BenchQueue create(int capacity) {
            return new LockedTaskQueue(TaskQueue.forPriorities(capacity, Clock.system(), AgingPolicy.defaults()));
        }
    },

    /** The same queue with strict priority: no clock reads, no aging. */
    TASK_QUEUE_STRICT {
        @Override
        public BenchQueue create(int capacity) {
            return new LockedTaskQueue(TaskQueue.forPriorities(capacity, Clock.system(), AgingPolicy.strict()));
        }
    },

    /**
     * What a naive grid would use: a {@link java.util.concurrent.PriorityBlockingQueue} ordered by priority, then
     * submit sequence. Unbounded, so {@code capacity} is not enforced; no fairness between submitters, no aging.
     */
    PRIORITY_BLOCKING_QUEUE {
        @Override
        public BenchQueue create(int capacity) {
            return new PriorityBlockingBaseline();
        }
    };

    /** A new, empty queue that holds up to {@code capacity} tasks (where the queue has a bound). */
    public abstract BenchQueue create(int capacity);
}
