package dev.lodestone.api.task;

import dev.lodestone.api.GridException;

/**
 * A task threw on its member. Carries the remote exception's type, message and stack trace (as
 * this exception's stack trace), the task id and the member; the remote cause chain is attached as
 * {@link RemoteException} causes.
 *
 * <pre>{@code
 * try {
 *     handle.result().join();
 * } catch (CompletionException e) {
 *     if (e.getCause() instanceof TaskFailedException f) {
 *         log.warn("task {} failed on {} with {}", f.taskId(), f.member(), f.remoteType());
 *     }
 * }
 * }</pre>
 */
public final class TaskFailedException extends GridException {

    private static final long serialVersionUID = 1L;

    private final TaskId taskId;
    private final String member;
    private final String remoteType;
    private final String remoteMessage;
    private final int attempt;

    /**
     * @param taskId        the task that failed
     * @param member        the member it ran on
     * @param attempt       which attempt failed (1 = first run)
     * @param remoteType    the class name of the exception the task threw
     * @param remoteMessage that exception's message, may be null
     * @param remoteTrace   that exception's stack trace
     * @param remoteCause   the cause chain of that exception, may be null
     */
    public TaskFailedException(TaskId taskId, String member, int attempt, String remoteType, String remoteMessage,
                               StackTraceElement[] remoteTrace, RemoteException remoteCause) {
        super("task " + taskId + " failed on member " + member + (attempt > 1 ? " (attempt " + attempt + ")" : "")
                + ": " + remoteType + (remoteMessage == null ? "" : ": " + remoteMessage), remoteCause);
        this.taskId = taskId;
        this.member = member;
        this.attempt = attempt;
        this.remoteType = remoteType;
        this.remoteMessage = remoteMessage;
        setStackTrace(remoteTrace);
    }

    /** The task that failed. */
    public TaskId taskId() {
        return taskId;
    }

    /** The member the task ran on. */
    public String member() {
        return member;
    }

    /** Which attempt failed (1 = first run). */
    public int attempt() {
        return attempt;
    }

    /** The class name of the exception the task threw. */
    public String remoteType() {
        return remoteType;
    }

    /** The message of the exception the task threw, or null. */
    public String remoteMessage() {
        return remoteMessage;
    }
}
