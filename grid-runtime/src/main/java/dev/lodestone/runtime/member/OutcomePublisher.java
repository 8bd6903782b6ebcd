package dev.lodestone.runtime.member;

import dev.lodestone.api.events.TaskResult;
import dev.lodestone.runtime.events.BatchPublisher;
import dev.lodestone.runtime.events.StagedEvents;
import dev.lodestone.runtime.job.ResultRecord;
import dev.lodestone.runtime.transport.Wire;

/**
 * Makes a task attempt's outcome public once it is final: the events it staged with
 * {@link dev.lodestone.api.task.TaskContext#publishOnSuccess} (when it succeeded), and, when the member's
 * {@code events.results} setting is on, its result on the results topic. A plain task's attempt is final when its
 * worker answers; a durable one's when its outcome is stored, which happens once per task.
 *
 * <p>THREADING: called by workers (plain tasks) and by the threads completing durable stores; the results publisher
 * is set once, before tasks arrive.
 */
final class OutcomePublisher {

    private final String member;
    private volatile BatchPublisher results;

    OutcomePublisher(String member) {
        this.member = member;
    }

    /** Publishes task results from now on. */
    void publishResults(BatchPublisher publisher) {
        this.results = publisher;
    }

    /** {@code t}'s attempt ended for good with this RESULT record. */
    void ended(MemberTask t, byte[] resultRecord) {
        StagedEvents staged = t.staged();
        BatchPublisher p = results;
        if (staged == null && p == null) {
            return;
        }
        ResultRecord r = ResultRecord.parse(resultRecord);
        if (r.status() == Wire.WRONG_OWNER) {
            return; // nothing ran here
        }
        boolean ok = r.status() == Wire.OK;
        if (ok && staged != null) {
            staged.publish("task " + t.id() + " on member " + member);
        }
        if (p != null) {
            p.offer(new TaskResult(t.id(), t.session.jobId().orElse(null), member, r.attempt(), ok, ok ? t.result() : null,
                    ok ? null : r.failureText()));
        }
    }
}
