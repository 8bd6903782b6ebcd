package dev.lodestone.api.task;

/**
 * The grid-wide unique id of a submitted task: the submitting client's id and the task's sequence
 * number in that client. Results are matched, and later deduplicated, by this id.
 *
 * <pre>{@code
 * TaskHandle<Integer> h = grid.submit(task);
 * System.out.println("submitted " + h.id()); // e.g. 7f3a2c-42
 * }</pre>
 *
 * @param submitter the cluster-unique id of the submitting client
 * @param sequence  the task's number within that client, from 1
 */
public record TaskId(long submitter, long sequence) {

    @Override
    public String toString() {
        return Long.toHexString(submitter) + "-" + sequence;
    }
}
