package dev.lodestone.runtime.job;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Ends attempt {@code attempt} of a task RUNNING on {@code runnerId}: DONE with its RESULT record (kept for the
 * task's retention from now), or back to PENDING for the next attempt not before {@code retryAtMillis}. Does nothing
 * (answers false) if the entry is no longer that runner's attempt, so a late answer never overwrites a newer one.
 *
 * @param runnerId      the member whose attempt ends
 * @param attempt       the attempt that ends
 * @param record        its RESULT record
 * @param retryAtMillis when the next attempt may start (epoch ms), or -1 when this outcome is final
 * @param nowMillis     the finish time (epoch ms)
 */
public record FinishTask(String runnerId, int attempt, byte[] record, long retryAtMillis, long nowMillis)
        implements EntryProcessor<JobTaskKey, StoredTask, Boolean> {

    @Override
    @SuppressWarnings("unchecked")
    public Boolean process(Map.Entry<JobTaskKey, StoredTask> entry) {
        StoredTask v = entry.getValue();
        if (v == null || v.state() != StoredTask.RUNNING || v.attempt() != attempt || !Objects.equals(v.runnerId(), runnerId)) {
            return Boolean.FALSE;
        }
        if (retryAtMillis >= 0) {
            entry.setValue(v.retry(record, retryAtMillis));
        } else {
            // the result outlives the task by the retention, counted from now; Hazelcast expires it then
            ((ExtendedMapEntry<JobTaskKey, StoredTask>) entry).setValue(v.done(record, nowMillis), v.retentionMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return Boolean.TRUE;
    }
}
