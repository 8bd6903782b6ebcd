/**
 * Task metrics of the runtime: what members and clients record per priority level, how a member's figures
 * travel in its STATS record, and how a client merges them into {@link dev.lodestone.api.metrics.GridMetrics}.
 *
 * <p>Concurrency: every latency goes into an HdrHistogram {@link org.HdrHistogram.Recorder} (wait-free for
 * any number of writers) and every counter into a {@link java.util.concurrent.atomic.LongAdder}, so workers
 * and connection readers record without a lock. Readers (a STATS request, the periodic log line) harvest the
 * recorders under one lock per latency into running totals, so figures "since start" and "since the last log
 * line" come from the same samples.
 *
 * <p>Merging: members send their histograms (HdrHistogram's compressed encoding), never percentiles, so a
 * client adds the histograms up and the cluster's percentiles are exact over all members' samples.
 *
 * <pre>{@code
 * TaskMetrics m = new TaskMetrics();
 * m.submitted(Priority.HIGH.ordinal(), 1);
 * m.started(Priority.HIGH.ordinal(), waitNanos, PartitionRelation.OWNER);
 * m.finished(Priority.HIGH.ordinal(), Outcome.SUCCEEDED, runNanos);
 * List<LevelSnapshot> now = m.snapshot();
 * }</pre>
 */
package dev.lodestone.runtime.metrics;
