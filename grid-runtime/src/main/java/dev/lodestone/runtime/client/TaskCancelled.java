package dev.lodestone.runtime.client;

import dev.lodestone.api.task.TaskId;
import java.util.concurrent.CancellationException;

/**
 * What a cancelled task's future holds: a {@link CancellationException} that names the task and, when a member
 * cancelled it, the member, and that has no stack trace.
 *
 * <p>Why no stack trace: cancelling a job of 200,000 queued tasks made 200,000 of them, ~700 bytes of stack frames
 * each, kept alive by the futures that hold them; the client's collections copied that and its heap grew by
 * ~140 MB per cancelled batch. The trace would only point into the client's own completion code; the task id and
 * member say what the caller needs. The message is built when asked for, for the same reason.
 */
final class TaskCancelled extends CancellationException {

    private static final long serialVersionUID = 1L;

    private final transient TaskId task;
    private final String member;

    /**
     * @param task   the cancelled task
     * @param member the member that cancelled it, or null when the caller did
     */
    TaskCancelled(TaskId task, String member) {
        this.task = task;
        this.member = member;
    }

    @Override
    public String getMessage() {
        return member == null ? "task " + task + " was cancelled" : "task " + task + " was cancelled on member " + member;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
