package dev.lodestone.bench.tasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/**
 * A task that only answers: the no-op affine task of the throughput, latency and scale benchmarks. It carries the key
 * it is affine to and returns it, so a small result really travels back. Its raw Hazelcast twin is {@link HzNoop}.
 *
 * <pre>{@code
 * grid.submit(new Noop(42), SubmitOptions.affinity("bench-throughput", 42)).result().join(); // 42
 * }</pre>
 *
 * @param key the key the task is affine to
 */
public record Noop(int key) implements Task<Integer> {

    @Override
    public Integer run(TaskContext ctx) {
        return key;
    }
}
