package dev.lodestone.api.job;

import dev.lodestone.api.GridException;

/**
 * No durable job of that id is held by the cluster: it never existed, or its retention passed.
 *
 * <pre>{@code
 * try { grid.job(id); } catch (NoSuchJobException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public final class NoSuchJobException extends GridException {

    private static final long serialVersionUID = 1L;

    private final String jobId;

    /**
     * @param jobId       the id asked for
     * @param clusterName the cluster asked
     */
    public NoSuchJobException(String jobId, String clusterName) {
        super("no durable job '" + jobId + "' in cluster '" + clusterName + "': it was never submitted there, or its"
                + " results' retention has passed");
        this.jobId = jobId;
    }

    /** The id asked for. */
    public String jobId() {
        return jobId;
    }
}
