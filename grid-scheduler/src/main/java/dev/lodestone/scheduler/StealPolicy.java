package dev.lodestone.scheduler;

import java.util.Map;

/**
 * Which member an idle member steals from, and how many tasks it asks for.
 *
 * <p>The victim is the peer with the most loose tasks (ties: more queued, then name, so the choice
 * is deterministic). The batch is enough to keep every idle worker busy for a few tasks, so one
 * round trip feeds several runs, but never more than half of the victim's loose tasks, so two idle
 * members do not strip one victim and then steal back and forth (the classic steal-half rule).
 *
 * <pre>{@code
 * StealPolicy policy = StealPolicy.defaults();
 * String victim = policy.chooseVictim(board);          // null: nobody has anything to give
 * int ask = policy.batchSize(idleWorkers, board.get(victim).loose());
 * }</pre>
 *
 * <p>Immutable.
 *
 * @param tasksPerIdleWorker tasks asked for per idle worker, {@code >= 1}
 * @param maxBatch           most tasks asked for at once, {@code >= 1}
 */
public record StealPolicy(int tasksPerIdleWorker, int maxBatch) {

    /** Checks the values. */
    public StealPolicy {
        if (tasksPerIdleWorker < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("tasks per idle worker and max batch must be >= 1, got "
                    + tasksPerIdleWorker + " and " + maxBatch);
        }
    }

    /** Four tasks per idle worker, at most 256 at once. */
    public static StealPolicy defaults() {
        return new StealPolicy(4, 256);
    }

    /** The peer to steal from, or null when no peer has loose tasks. */
    public String chooseVictim(Map<String, PeerLoad> board) {
        String best = null;
        PeerLoad bestLoad = null;
        for (Map.Entry<String, PeerLoad> e : board.entrySet()) {
            PeerLoad l = e.getValue();
            if (l.loose() == 0) {
                continue;
            }
            if (bestLoad == null || l.loose() > bestLoad.loose()
                    || l.loose() == bestLoad.loose() && (l.queued() > bestLoad.queued()
                    || l.queued() == bestLoad.queued() && e.getKey().compareTo(best) < 0)) {
                best = e.getKey();
                bestLoad = l;
            }
        }
        return best;
    }

    /** How many tasks to ask for: {@code min(maxBatch, idle * perWorker, ceil(victimLoose / 2))}, at least 1. */
    public int batchSize(int idleWorkers, long victimLoose) {
        long want = Math.min((long) Math.max(1, idleWorkers) * tasksPerIdleWorker, maxBatch);
        long half = victimLoose / 2 + (victimLoose & 1); // ceil without overflow: (loose + 1) / 2 wraps at Long.MAX_VALUE
        return (int) Math.max(1, Math.min(want, half));
    }
}
