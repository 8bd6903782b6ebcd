package dev.lodestone.bench.tasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/**
 * A task that only burns CPU: the "~1 ms of CPU" task of the scheduler benchmarks.
 *
 * <pre>{@code
 * grid.submit(new Spin(1_000_000), SubmitOptions.defaults().withPriority(Priority.LOW));
 * }</pre>
 *
 * @param cpuNanos CPU time to burn ({@link Burn#cpu(long)})
 */
public record Spin(long cpuNanos) implements Task<Ran> {

    @Override
    public Ran run(TaskContext ctx) {
        long wall = System.nanoTime();
        long cpu = Burn.now();
        Burn.cpu(cpuNanos);
        return new Ran(ctx.memberName(), System.nanoTime() - wall, Burn.now() - cpu, 0);
    }
}
