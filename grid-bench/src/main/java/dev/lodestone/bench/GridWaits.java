package dev.lodestone.bench;

import dev.lodestone.api.Grid;
import dev.lodestone.api.cluster.MemberStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits on the state of a benchmark cluster, each with a bound: members joined, partitions spread, tasks arrived,
 * grid idle. Polls {@code grid.cluster()} every 100 ms; a wait that runs out fails with what it waited for and the
 * last state seen.
 *
 * <pre>{@code
 * GridWaits.idle(grid, 2, Duration.ofMinutes(2));  // queued + running == 0 on both members
 * }</pre>
 *
 * <p>Stateless; called from the scenario's thread.
 */
final class GridWaits {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private GridWaits() {
    }

    /** Until the client sees {@code members} data members. */
    static void members(Grid grid, int members, Duration timeout) {
        until("the client to see " + members + " members", timeout, () -> grid.cluster().members().size() == members,
                () -> grid.cluster().members().toString());
    }

    /**
     * Until every member answers status and owns its share of the partitions (at least partitions / members), so no
     * migration runs during the measurement. Partitions are assigned on the first use of a map: create one first.
     */
    static void balanced(Grid grid, int members, Duration timeout) {
        int partitions = grid.cluster().partitionCount();
        until("the " + partitions + " partitions to spread over " + members + " members", timeout, () -> {
            List<MemberStatus> s = grid.cluster().status();
            return s.size() == members && s.stream().mapToInt(MemberStatus::partitionsOwned).sum() == partitions
                    && s.stream().allMatch(m -> m.partitionsOwned() >= partitions / members);
        }, () -> describe(grid.cluster().status()));
    }

    /** Until every member answers and has nothing queued or running. */
    static void idle(Grid grid, int members, Duration timeout) {
        until("the grid to be idle (queued + running = 0)", timeout, () -> {
            List<MemberStatus> s = grid.cluster().status();
            return s.size() == members && s.stream().allMatch(m -> m.queued() == 0 && m.running() == 0);
        }, () -> describe(grid.cluster().status()));
    }

    /** Tasks the members have finished since they started (succeeded + failed), summed. */
    static long done(Grid grid, int members) {
        List<MemberStatus> s = grid.cluster().status();
        if (s.size() != members) {
            throw new BenchException("only " + s.size() + " of " + members + " members answered a status request: " + describe(s));
        }
        return s.stream().mapToLong(MemberStatus::done).sum();
    }

    /**
     * Until {@code tasks} tasks sent after {@code doneBefore} ({@link #done}) have reached the members: queued,
     * running, or done since. Submitting returns once tasks are handed to the connections; this waits until they
     * are at the members.
     */
    static void arrived(Grid grid, int members, long doneBefore, long tasks, Duration timeout) {
        until(tasks + " tasks to reach the members", timeout, () -> {
            List<MemberStatus> s = grid.cluster().status();
            long there = s.stream().mapToLong(m -> m.queued() + m.running() + m.done()).sum() - doneBefore;
            return s.size() == members && there >= tasks;
        }, () -> describe(grid.cluster().status()));
    }

    /** Tasks queued on the members now, summed. */
    static long queued(Grid grid) {
        return grid.cluster().status().stream().mapToLong(MemberStatus::queued).sum();
    }

    static void until(String what, Duration timeout, BooleanSupplier done, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new BenchException("gave up after " + timeout.toSeconds() + " s waiting for " + what + "; last seen: "
                        + state.get());
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.currentThread().isInterrupted()) {
                throw new BenchException("interrupted while waiting for " + what);
            }
        }
    }

    static String describe(List<MemberStatus> status) {
        StringBuilder sb = new StringBuilder();
        for (MemberStatus m : status) {
            sb.append(sb.length() == 0 ? "" : "; ").append(m.member().name()).append(": partitions=").append(m.partitionsOwned())
                    .append(" queued=").append(m.queued()).append(" running=").append(m.running()).append(" done=").append(m.done());
        }
        return sb.length() == 0 ? "no member answered" : sb.toString();
    }
}
