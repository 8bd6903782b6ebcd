package dev.lodestone.bench.tasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/**
 * Asks a member about its JVM, for the machine line of a benchmark report (broadcast once per cluster).
 *
 * <pre>{@code
 * grid.broadcast(new MemberFacts()).forEach(h -> System.out.println(h.result().join()));
 * }</pre>
 */
public record MemberFacts() implements Task<MemberFacts.Facts> {

    @Override
    public Facts run(TaskContext ctx) {
        return new Facts(ctx.memberName(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(),
                Runtime.version().toString(), Burn.clock());
    }

    /**
     * One member's JVM.
     *
     * @param member       its name
     * @param cores        processors its JVM sees
     * @param maxHeapBytes its maximum heap
     * @param jdk          its Java runtime version
     * @param burnClock    the clock {@link Burn} spins on there
     */
    public record Facts(String member, int cores, long maxHeapBytes, String jdk, String burnClock) {
    }
}
