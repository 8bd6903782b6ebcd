package dev.lodestone.api.task;

/**
 * How strictly an affine task must run where its data is.
 *
 * <pre>{@code
 * SubmitOptions.affinity("ratings", userId).withLocality(Locality.BACKUP); // read-only task
 * }</pre>
 */
public enum Locality {
    /** Must run on the member that owns the partition (the default; safe for tasks that write). */
    OWNER,
    /** May run on a member holding a backup of the partition (read-only tasks). */
    BACKUP,
    /** May run anywhere; reads go over the network when not local. */
    ANY
}
