package dev.lodestone.runtime.job;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import java.util.Map;

/**
 * Finishes a job from an exact count of its entries, when the members' reports fell short (a member died before it
 * reported what it stored). Does nothing if the job is already finished.
 *
 * @param succeeded entries DONE with a result
 * @param failed    entries DONE without one
 * @param lost      tasks whose entries are gone
 * @param nowMillis now (epoch ms)
 */
public record FinishTally(int succeeded, int failed, int lost, long nowMillis) implements EntryProcessor<String, JobTally, TallyStep> {

    @Override
    @SuppressWarnings("unchecked")
    public TallyStep process(Map.Entry<String, JobTally> entry) {
        JobTally t = entry.getValue();
        if (t == null || t.finished()) {
            return t == null ? null : new TallyStep(t, false);
        }
        JobTally next = new JobTally(t.id(), t.name(), t.total(), succeeded, failed, lost, true, nowMillis);
        ((ExtendedMapEntry<String, JobTally>) entry).setValueWithoutChangingExpiryTime(next);
        return new TallyStep(next, true);
    }
}
