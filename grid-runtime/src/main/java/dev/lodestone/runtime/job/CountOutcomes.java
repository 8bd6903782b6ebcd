package dev.lodestone.runtime.job;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import java.util.Map;

/**
 * Adds one member's newly stored outcomes to a job's tally; finishes the job when every task is counted. A member
 * counts only outcomes it stored itself (each task's final outcome is stored once, by compare-and-set), so no task is
 * counted twice; one whose member died before reporting is counted by {@link FinishTally} instead. Answers null when
 * the job has no tally (a trigger's tasks, or a job whose retention ended).
 *
 * @param succeeded outcomes with a result
 * @param failed    outcomes failed for good
 * @param nowMillis now (epoch ms)
 */
public record CountOutcomes(int succeeded, int failed, long nowMillis) implements EntryProcessor<String, JobTally, TallyStep> {

    @Override
    @SuppressWarnings("unchecked")
    public TallyStep process(Map.Entry<String, JobTally> entry) {
        JobTally t = entry.getValue();
        if (t == null) {
            return null;
        }
        if (t.finished()) { // finished by an exact count, which included these
            return new TallyStep(t, false);
        }
        int ok = t.succeeded() + succeeded;
        int bad = t.failed() + failed;
        boolean finishing = ok + bad + t.lost() >= t.total();
        JobTally next = new JobTally(t.id(), t.name(), t.total(), ok, bad, t.lost(), finishing, nowMillis);
        ((ExtendedMapEntry<String, JobTally>) entry).setValueWithoutChangingExpiryTime(next);
        return new TallyStep(next, finishing);
    }
}
