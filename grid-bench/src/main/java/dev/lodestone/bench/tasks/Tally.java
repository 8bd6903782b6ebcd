package dev.lodestone.bench.tasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/**
 * Reads one value of a map, burns CPU, and says when its attempt started and which attempt it was: the
 * {@code failover} scenario's task, whose start times show when re-queued tasks started on their new owners.
 *
 * @param map      the map's name; its values are {@code byte[]}
 * @param key      the key to read
 * @param cpuNanos CPU time to burn after the read
 */
public record Tally(String map, int key, long cpuNanos) implements Task<Tally.Done> {

    /**
     * @param member        where it ran
     * @param attempt       which attempt
     * @param startedMillis when that attempt started (epoch ms)
     * @param bytes         the length of the value it read (-1: none)
     */
    public record Done(String member, int attempt, long startedMillis, int bytes) {
    }

    @Override
    public Done run(TaskContext ctx) {
        long started = System.currentTimeMillis();
        byte[] value = ctx.<Integer, byte[]>map(map).get(key);
        Burn.cpu(cpuNanos);
        return new Done(ctx.memberName(), ctx.attempt(), started, value == null ? -1 : value.length);
    }
}
