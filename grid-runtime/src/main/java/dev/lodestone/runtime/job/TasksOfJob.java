package dev.lodestone.runtime.job;

import com.hazelcast.query.Predicate;
import java.util.Map;

/**
 * The entries of one job, optionally only those in one state. Evaluated on the members.
 *
 * @param job   the job number
 * @param state a {@link StoredTask} state, or -1 for any
 */
public record TasksOfJob(long job, int state) implements Predicate<JobTaskKey, StoredTask> {

    @Override
    public boolean apply(Map.Entry<JobTaskKey, StoredTask> entry) {
        if (entry.getKey().job() != job) {
            return false;
        }
        return state < 0 || entry.getValue().state() == state;
    }
}
