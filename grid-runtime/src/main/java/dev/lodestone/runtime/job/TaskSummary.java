package dev.lodestone.runtime.job;

import com.hazelcast.projection.Projection;
import java.util.Map;

/**
 * What a job's status needs of one task, without its payload or result value: the projection runs on the members.
 *
 * @param index     the task's position in the job
 * @param state     its {@link StoredTask} state
 * @param attempt   its attempt
 * @param runner    the member of its current or last attempt
 * @param outcome   the status byte of its RESULT record when DONE, else -1
 * @param failure   for a failed DONE task, the error's type and message
 * @param partition its partition
 */
public record TaskSummary(int index, byte state, int attempt, String runner, int outcome, String failure, int partition) {

    /** The projection that makes summaries on the members. */
    public static final Projection<Map.Entry<JobTaskKey, StoredTask>, TaskSummary> PROJECTION = new Of();

    /** Projects an entry to its summary. Stateless. */
    public static final class Of implements Projection<Map.Entry<JobTaskKey, StoredTask>, TaskSummary> {

        private static final long serialVersionUID = 1L;

        @Override
        public TaskSummary transform(Map.Entry<JobTaskKey, StoredTask> entry) {
            StoredTask v = entry.getValue();
            int outcome = -1;
            String failure = null;
            if (v.state() == StoredTask.DONE && v.result() != null) {
                ResultRecord r = ResultRecord.parse(v.result());
                outcome = r.status();
                failure = r.failureText();
            }
            return new TaskSummary((int) v.index(), v.state(), v.attempt(), v.runner(), outcome, failure, v.partition());
        }
    }
}
