package dev.lodestone.runtime.job;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;
import java.util.Objects;

/**
 * Compare-and-set PENDING (or RUNNING on a member that left) to RUNNING here: runs on the partition's owner, so of
 * two members that both think a task is theirs to run (an old owner whose queue still held it as its partition
 * moved, and the new owner that found it pending) exactly one wins. Applied the same way on the backups.
 *
 * @param expectState    the state the claimer saw
 * @param expectRunnerId the runner it saw (null for PENDING)
 * @param expectAttempt  the attempt it saw
 * @param newAttempt     the attempt it will run
 * @param runnerId       the claiming member's uuid
 * @param runner         its name
 * @param nowMillis      the claim time (epoch ms), the same on owner and backups
 */
public record ClaimTask(byte expectState, String expectRunnerId, int expectAttempt, int newAttempt, String runnerId,
                        String runner, long nowMillis) implements EntryProcessor<JobTaskKey, StoredTask, Boolean> {

    /** A claim of what was seen in {@code seen}, to run it as {@code attempt}. */
    public static ClaimTask of(StoredTask seen, int attempt, String runnerId, String runner) {
        return new ClaimTask(seen.state(), seen.runnerId(), seen.attempt(), attempt, runnerId, runner, System.currentTimeMillis());
    }

    @Override
    public Boolean process(Map.Entry<JobTaskKey, StoredTask> entry) {
        StoredTask v = entry.getValue();
        if (v == null || v.state() != expectState || v.attempt() != expectAttempt || !Objects.equals(v.runnerId(), expectRunnerId)) {
            return Boolean.FALSE;
        }
        entry.setValue(v.claimed(newAttempt, runnerId, runner, nowMillis));
        return Boolean.TRUE;
    }
}
