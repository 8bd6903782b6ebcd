package dev.lodestone.bench.tasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/**
 * Reads one value of a map through the member's view of it ({@code ctx.map}), then burns CPU: a local read
 * where the member owns the key, a network read where it does not.
 *
 * <pre>{@code
 * grid.submit(new ReadAndSpin("data", 42, 0), SubmitOptions.affinity("data", 42));
 * }</pre>
 *
 * @param map      the map's name; its values are {@code byte[]}
 * @param key      the key to read
 * @param cpuNanos CPU time to burn after the read ({@link Burn#cpu(long)}); 0 for none
 */
public record ReadAndSpin(String map, int key, long cpuNanos) implements Task<Ran> {

    @Override
    public Ran run(TaskContext ctx) {
        long wall = System.nanoTime();
        long cpu = Burn.now();
        byte[] value = ctx.<Integer, byte[]>map(map).get(key);
        Burn.cpu(cpuNanos);
        return new Ran(ctx.memberName(), System.nanoTime() - wall, Burn.now() - cpu, value == null ? 0 : value.length);
    }
}
