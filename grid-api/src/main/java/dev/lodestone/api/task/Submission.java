package dev.lodestone.api.task;

import java.util.Objects;

/**
 * One task of a batch, with its own options.
 *
 * <pre>{@code
 * List<Submission<Long>> batch = new ArrayList<>();
 * for (int p = 0; p < partitions; p++) {
 *     batch.add(Submission.of(new CountWords(), SubmitOptions.partition(p)));
 * }
 * List<TaskHandle<Long>> handles = grid.submitAll(batch);
 * }</pre>
 *
 * @param task    the task
 * @param options how to submit it
 * @param <R>     the task's result type
 */
public record Submission<R>(Task<R> task, SubmitOptions options) {

    /** Checks for nulls. */
    public Submission {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(options, "options");
    }

    /** A task with its options. */
    public static <R> Submission<R> of(Task<R> task, SubmitOptions options) {
        return new Submission<>(task, options);
    }
}
