package dev.lodestone.api.events;

/**
 * One step of one durable job ({@link dev.lodestone.api.Grid#submitJob}).
 *
 * <p>{@link JobEventKind#PROGRESS} counts come from the members that ran the tasks, added up as they report (a few
 * times a second); they never count a task twice, and may trail by the reports a member that died had not sent.
 * {@link JobEventKind#FINISHED} is published once, with the exact counts as the grid holds them.
 *
 * <pre>{@code
 * grid.events().jobEvents().subscribe(e -> {
 *     JobEvent j = e.payload();
 *     System.out.printf("%s %s: %d of %d done%n", j.jobId(), j.kind(), j.done(), j.total());
 * }, SubscribeOptions.defaults(), j -> j.jobId().equals(handle.id()));
 * }</pre>
 *
 * @param jobId     the job
 * @param name      the name it was submitted under
 * @param kind      what happened
 * @param total     how many tasks the job has
 * @param succeeded tasks that returned a result
 * @param failed    tasks that failed for good (after their attempts)
 * @param lost      tasks whose entries were lost with every replica of their partition (only in FINISHED)
 * @param member    the member (or client, for STARTED) that published it
 * @param atMillis  when (epoch ms, the publisher's clock)
 */
public record JobEvent(String jobId, String name, JobEventKind kind, int total, int succeeded, int failed, int lost,
                       String member, long atMillis) {

    /** Tasks that finished one way or another. */
    public int done() {
        return succeeded + failed + lost;
    }
}
