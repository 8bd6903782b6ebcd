package dev.lodestone.api.task;

/**
 * A unit of work that runs on a member of the grid.
 *
 * <p>Implementations are plain classes or records whose fields are the task's input. They travel to
 * members with Kryo, so their class (and the classes of their fields and of the result) must be
 * registered through a {@link dev.lodestone.api.serial.TypeRegistrar}; Java serialization is never used.
 * Lambdas are not tasks: they cannot be registered by name.
 *
 * <pre>{@code
 * public record LineLength(int line) implements Task<Integer> {
 *     public Integer run(TaskContext ctx) {
 *         String text = ctx.<Integer, String>map("lines").get(line); // local read on the owner
 *         return text == null ? 0 : text.length();
 *     }
 * }
 * }</pre>
 *
 * @param <R> the result type; {@code Void} tasks return {@code null}
 */
@FunctionalInterface
public interface Task<R> {

    /**
     * Runs the task on a member's worker thread.
     *
     * @param ctx where the task runs and what it may read; valid only during this call
     * @return the result, sent back to the submitter
     * @throws Exception any failure; the submitter's future fails with a {@link TaskFailedException}
     *     that carries this exception's type, message and stack trace
     */
    R run(TaskContext ctx) throws Exception;
}
