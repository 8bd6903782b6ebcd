package dev.lodestone.cli;

import dev.lodestone.api.Grid;
import dev.lodestone.api.cluster.MemberStatus;
import dev.lodestone.runtime.Flags;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/** {@code grid status}: one line per member. */
final class StatusCommand {

    private static final int SETTLE_TRIES = 10;
    private static final long SETTLE_PAUSE_NANOS = 300_000_000L;

    private final PrintStream out;

    StatusCommand(PrintStream out) {
        this.out = out;
    }

    private static boolean settled(List<MemberStatus> status, int partitions) {
        return status.stream().mapToInt(MemberStatus::partitionsOwned).sum() == partitions;
    }

    int run(String[] args, Map<String, String> env) {
        Flags flags = Flags.parse(args, Set.of("cluster", "cluster-name"), Set.of(), null);
        try (Grid grid = GridMain.open(flags, false)) {
            List<MemberStatus> status = grid.cluster().status();
            // On a fresh cluster the first question assigns the partitions; the table reaches the other
            // members a moment later. Ask again, briefly, rather than print a half-empty table.
            for (int i = 0; i < SETTLE_TRIES && !settled(status, grid.cluster().partitionCount()); i++) {
                LockSupport.parkNanos(SETTLE_PAUSE_NANOS);
                status = grid.cluster().status();
            }
            out.printf("cluster '%s': %d members, %d partitions%n", grid.cluster().name(), grid.cluster().members().size(),
                    grid.cluster().partitionCount());
            out.printf("%-20s %-22s %10s %8s %8s %10s %8s%n", "MEMBER", "ADDRESS", "PARTITIONS", "QUEUED", "RUNNING", "DONE",
                    "FAILED");
            for (MemberStatus s : status) {
                out.printf("%-20s %-22s %10d %8d %8d %10d %8d%n", s.member().name(), s.member().address(), s.partitionsOwned(),
                        s.queued(), s.running(), s.done(), s.failed());
            }
            int owned = status.stream().mapToInt(MemberStatus::partitionsOwned).sum();
            if (owned != grid.cluster().partitionCount()) {
                out.printf("note: the members own %d of %d partitions; partitions are being assigned or migrated%n", owned,
                        grid.cluster().partitionCount());
            }
            if (status.size() != grid.cluster().members().size()) {
                out.printf("%d of %d members did not answer (see the warnings above)%n",
                        grid.cluster().members().size() - status.size(), grid.cluster().members().size());
                return 1;
            }
            return 0;
        }
    }
}
