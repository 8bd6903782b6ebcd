package dev.lodestone.api.events;

import dev.lodestone.api.job.TaskFailure;
import java.util.List;

/**
 * A task that runs for each change of a map, where the changed key lives. Close it to stop new runs (runs already
 * recorded still happen).
 *
 * <pre>{@code
 * try (Trigger t = grid.events().trigger("ratings", new RefreshScore(), TriggerOptions.defaults())) {
 *     ratings.put(7, 4.5);                     // RefreshScore runs on the owner of key 7
 *     System.out.println(t.status());
 * }
 * }</pre>
 */
public interface Trigger extends AutoCloseable {

    /** The trigger's id. */
    String id();

    /** The map it reacts to. */
    String map();

    /** Its runs as the grid holds them now (those whose outcome is within the retention). */
    Status status();

    /** Unregisters it: changes from now on start no run. */
    @Override
    void close();

    /**
     * Counts of a trigger's runs.
     *
     * @param pending   runs waiting (queued, or backing off before another attempt)
     * @param running   runs in progress
     * @param succeeded runs that finished
     * @param failed    runs that failed for good
     * @param failures  the failed runs: last error and attempts
     */
    record Status(int pending, int running, int succeeded, int failed, List<TaskFailure> failures) {

        /** Copies the list. */
        public Status {
            failures = List.copyOf(failures);
        }
    }
}
