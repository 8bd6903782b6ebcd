/**
 * Task metrics: counters and latency percentiles per priority level, per member and for the whole cluster.
 *
 * <pre>{@code
 * GridMetrics m = grid.metrics();
 * System.out.println(m.cluster(Priority.HIGH).queueWait().p99Micros());
 * }</pre>
 */
package dev.lodestone.api.metrics;
