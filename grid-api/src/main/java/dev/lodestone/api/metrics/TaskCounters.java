package dev.lodestone.api.metrics;

/**
 * Task counters since a member (or a client) started.
 *
 * <p>On a member: {@code submitted} counts tasks accepted into its queue; {@code rejected} tasks it refused
 * (queue full, unknown types, a client with other registrations) or whose result could not be sent back;
 * {@code stolen} tasks it took from another member's queue and ran; the three {@code ranOn} counters split the
 * affine tasks it started by where their partition's data was: this member owned it, held a backup of it (for
 * the task's map's backup count), or neither. A task whose client gave up at its timeout and cancelled it counts
 * as cancelled on the member unless the member's own deadline check came first. At a client: {@code submitted}
 * counts tasks handed to {@code submit}, {@code rejected} those refused by backpressure or by a member, and the
 * outcome counters are what its futures completed with; started, stolen and the {@code ranOn} counters are
 * zero.
 *
 * <pre>{@code
 * TaskCounters c = grid.metrics().total();
 * double local = (double) c.ranOnOwner() / (c.ranOnOwner() + c.ranOnBackup() + c.ranElsewhere());
 * }</pre>
 *
 * @param submitted    accepted
 * @param started      taken by a worker
 * @param succeeded    finished with a result
 * @param failed       finished by throwing
 * @param cancelled    cancelled, queued or running
 * @param timedOut     past their deadline, queued or running
 * @param rejected     refused
 * @param stolen       taken from another member's queue
 * @param ranOnOwner   affine tasks started on their partition's owner
 * @param ranOnBackup  affine tasks started on a holder of a backup of their partition
 * @param ranElsewhere affine tasks started on a member without their partition's data
 */
public record TaskCounters(long submitted, long started, long succeeded, long failed, long cancelled, long timedOut,
                           long rejected, long stolen, long ranOnOwner, long ranOnBackup, long ranElsewhere) {

    /** All zero. */
    public static final TaskCounters ZERO = new TaskCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The sum of this and {@code o}, counter by counter. */
    public TaskCounters plus(TaskCounters o) {
        return new TaskCounters(submitted + o.submitted, started + o.started, succeeded + o.succeeded,
                failed + o.failed, cancelled + o.cancelled, timedOut + o.timedOut, rejected + o.rejected,
                stolen + o.stolen, ranOnOwner + o.ranOnOwner, ranOnBackup + o.ranOnBackup, ranElsewhere + o.ranElsewhere);
    }

    /** Tasks that finished in any way: succeeded, failed, cancelled or timed out. */
    public long finished() {
        return succeeded + failed + cancelled + timedOut;
    }
}
