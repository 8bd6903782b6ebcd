package dev.lodestone.cli.testtasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;
import java.util.UUID;

/**
 * Reads one key's value and returns a function of both, after recording this run in map {@code runs} under a key of
 * its own (so two runs of one task leave two entries, whichever members ran them).
 *
 * @param map    the data map
 * @param key    the key to read
 * @param millis how long to work after reading
 */
public record Score(String map, int key, long millis) implements Task<Scored> {

    /** The map each run is recorded in: {@code <task id>/<uuid>} to the attempt. */
    public static final String RUNS = "runs";

    /** What a correct run returns for a key whose value is {@code value}. */
    public static long expected(int key, int value) {
        return 2L * value + key;
    }

    @Override
    public Scored run(TaskContext ctx) throws InterruptedException {
        long started = System.currentTimeMillis();
        ctx.<String, Integer>map(RUNS).put(ctx.taskId() + "/" + UUID.randomUUID(), ctx.attempt());
        Integer value = ctx.<Integer, Integer>map(map).get(key);
        if (millis > 0) {
            Thread.sleep(millis);
        }
        return new Scored(key, value == null ? Long.MIN_VALUE : expected(key, value), ctx.memberName(), ctx.attempt(), started);
    }
}
