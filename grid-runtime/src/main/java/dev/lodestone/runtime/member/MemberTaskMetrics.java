package dev.lodestone.runtime.member;

import dev.lodestone.api.events.TaskEvent;
import dev.lodestone.api.events.TaskEventKind;
import dev.lodestone.runtime.events.BatchPublisher;
import dev.lodestone.runtime.metrics.Outcome;
import dev.lodestone.runtime.metrics.PartitionRelation;
import dev.lodestone.runtime.metrics.TaskMetrics;
import dev.lodestone.runtime.transport.Wire;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a member's task events into its {@link TaskMetrics}: which level, which outcome (read from the
 * RESULT record the worker is about to send), and the member's relation to the task's partition. Kept apart
 * from {@link TaskExecutor} and {@link ClientSession} so that they only call one method per event.
 *
 * <p>THREADING: thread-safe, like {@link TaskMetrics}: connection readers (accepted, rejected, cancelled in
 * the queue) and workers (started, finished) call it concurrently; the {@link Start} a worker gets back is
 * its own.
 *
 * <pre>{@code
 * MemberTaskMetrics.Start s = metrics.started(task);
 * byte[] reply = run(task);
 * metrics.finished(task, reply, s);
 * }</pre>
 */
final class MemberTaskMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(MemberTaskMetrics.class);
    private static final long LEND_WAIT_MILLIS = 100;

    private final TaskMetrics metrics = new TaskMetrics();
    private final PartitionTable partitions;
    private final String member;
    /** Null unless {@code events.tasks} is on; set once, before tasks arrive. */
    private volatile BatchPublisher events;

    MemberTaskMetrics(PartitionTable partitions, String member) {
        this.partitions = partitions;
        this.member = member;
    }

    /** Publishes task lifecycle events from now on. */
    void publishEvents(BatchPublisher publisher) {
        this.events = publisher;
    }

    /**
     * Before lending tasks to a thief: waits (briefly) until this member's events so far are on the topic, so that a
     * lent task's SUBMITTED here precedes its STOLEN and later steps from the thief.
     */
    void eventsWrittenBeforeLending() {
        BatchPublisher p = events;
        if (p != null && !p.awaitWritten(LEND_WAIT_MILLIS)) {
            LOG.debug("member {}: task events not written within {} ms; lending anyway", member, LEND_WAIT_MILLIS);
        }
    }

    private void event(MemberTask t, TaskEventKind kind) {
        BatchPublisher p = events;
        if (p != null) {
            long now = System.currentTimeMillis();
            p.offer(now, new TaskEvent(t.id(), t.session.jobId().orElse(null), kind, t.priorityEnum(), member, t.attempt, now, 0));
        }
    }

    /** When a worker took a task, and where its partition's data was then. */
    record Start(long nanos, PartitionRelation relation) {
    }

    TaskMetrics metrics() {
        return metrics;
    }

    /** The first {@code added} tasks of {@code batch} were accepted into the queue. */
    void accepted(List<MemberTask> batch, int added) {
        for (int i = 0; i < added; i++) {
            metrics.submitted(batch.get(i).priority, 1);
            event(batch.get(i), TaskEventKind.SUBMITTED);
        }
    }

    /** A task was refused on arrival (queue full, refused client). */
    void rejected(int priority) {
        metrics.rejected(priority);
    }

    /** A queued task was removed before a worker took it: cancelled, or its client left. */
    void cancelledInQueue(MemberTask t) {
        metrics.endedInQueue(t.priority, Outcome.CANCELLED);
        event(t, TaskEventKind.CANCELLED);
    }

    /** This member took {@code t} from another member's queue. For work stealing. */
    void stolen(MemberTask t) {
        metrics.stolen(t.priority);
        event(t, TaskEventKind.STOLEN);
    }

    /** A worker took {@code t}: counts it started and records its queue wait. */
    Start started(MemberTask t) {
        long now = System.nanoTime();
        PartitionRelation relation = relationOf(t.partition, t.mapName);
        metrics.started(t.priority, now - t.arrivalNanos, relation);
        event(t, TaskEventKind.STARTED);
        return new Start(now, relation);
    }

    /**
     * The worker is about to send {@code result}, the RESULT record of {@code t}: counts its outcome and
     * records its run time. A WRONG_OWNER answer means nothing ran: the task is no longer counted started.
     */
    void finished(MemberTask t, byte[] result, Start start) {
        byte status = Wire.resultStatusOf(result);
        if (status == Wire.WRONG_OWNER) {
            metrics.handedBack(t.priority, start.relation());
            return;
        }
        Outcome outcome = outcomeOf(status);
        metrics.finished(t.priority, outcome, System.nanoTime() - start.nanos());
        event(t, switch (outcome) {
            case SUCCEEDED -> TaskEventKind.SUCCEEDED;
            case TIMED_OUT -> TaskEventKind.TIMED_OUT;
            case CANCELLED -> TaskEventKind.CANCELLED;
            default -> TaskEventKind.FAILED;
        });
    }

    /** A durable task's attempt failed and it will run again after its back-off. */
    void retried(MemberTask t) {
        event(t, TaskEventKind.RETRIED);
    }

    private PartitionRelation relationOf(int partition, String mapName) {
        if (partition < 0) {
            return PartitionRelation.NONE;
        }
        if (partitions.ownedLocally(partition)) {
            return PartitionRelation.OWNER;
        }
        return partitions.backupLocally(partition, mapName) ? PartitionRelation.BACKUP : PartitionRelation.ELSEWHERE;
    }

    private static Outcome outcomeOf(byte status) {
        return switch (status) {
            case Wire.OK -> Outcome.SUCCEEDED;
            case Wire.TIMED_OUT -> Outcome.TIMED_OUT;
            case Wire.CANCELLED -> Outcome.CANCELLED;
            case Wire.REJECTED -> Outcome.REJECTED;
            default -> Outcome.FAILED;
        };
    }
}
