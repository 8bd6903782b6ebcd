package dev.lodestone.bench.tasks;

/**
 * What a benchmark task reports back: where it ran and what it cost there.
 *
 * @param member    the member that ran it ({@code TaskContext.memberName()})
 * @param wallNanos its run time on the member's wall clock, from the first line of {@code run} to the last
 * @param cpuNanos  the CPU time its worker thread used meanwhile ({@link Burn#now()})
 * @param bytesRead bytes of map values it read
 */
public record Ran(String member, long wallNanos, long cpuNanos, int bytesRead) {
}
