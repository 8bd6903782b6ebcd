package dev.lodestone.bench.tasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The peak heap used by the member's JVM since the last reset (the sum of its heap pools' peaks), in bytes; resets
 * the peaks after reading when {@code reset}. Broadcast around a job to weigh what it needed on each member.
 *
 * @param reset whether to start a new peak
 */
public record HeapPeak(boolean reset) implements Task<Long> {

    @Override
    public Long run(TaskContext ctx) {
        return peak(reset);
    }

    /** This JVM's heap peak since the last reset; then resets it if asked. */
    public static long peak(boolean reset) {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                peak += pool.getPeakUsage().getUsed();
                if (reset) {
                    pool.resetPeakUsage();
                }
            }
        }
        return peak;
    }
}
