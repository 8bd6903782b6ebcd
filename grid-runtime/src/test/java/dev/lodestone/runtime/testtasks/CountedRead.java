package dev.lodestone.runtime.testtasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads one key after working a while, and counts its runs in this JVM (embedded members share it with the test):
 * the count per task id shows whether anything ran twice.
 */
public record CountedRead(String map, int key, long millis) implements Task<Ran> {

    /** Runs per task id, in this JVM. */
    public static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    @Override
    public Ran run(TaskContext ctx) throws InterruptedException {
        RUNS.computeIfAbsent(ctx.taskId().toString(), k -> new AtomicInteger()).incrementAndGet();
        Thread.sleep(millis);
        String v = ctx.<Integer, String>map(map).get(key);
        return new Ran(ctx.memberName(), ctx.partition().orElse(-1), v, ctx.attempt());
    }
}
