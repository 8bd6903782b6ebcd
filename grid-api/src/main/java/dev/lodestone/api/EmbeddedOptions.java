package dev.lodestone.api;

import java.time.Duration;
import java.util.Objects;

/**
 * An in-process cluster for development and tests: members in this JVM, on loopback, under a
 * cluster name of their own so they never join anything else.
 *
 * <pre>{@code
 * try (Grid grid = Lodestone.embedded(EmbeddedOptions.members(3).withPartitions(31))) {
 *     ...
 * }
 * }</pre>
 *
 * @param members       how many members to start, at least 1
 * @param partitions    how many partitions the maps are split into
 * @param backups       how many backups each map partition has (0..6, at most members - 1 are useful)
 * @param workerThreads worker threads per member; 0 means one per available core
 * @param maxInFlight   the client's in-flight limit, as {@link ConnectOptions#maxInFlight()}
 * @param submitTimeout the client's submit timeout, as {@link ConnectOptions#submitTimeout()}
 */
public record EmbeddedOptions(int members, int partitions, int backups, int workerThreads, int maxInFlight,
                              Duration submitTimeout) {

    /** Checks the values. */
    public EmbeddedOptions {
        if (members < 1 || members > 32) {
            throw new IllegalArgumentException("embedded members must be 1..32, got " + members);
        }
        if (partitions < 1 || partitions > 10_000) {
            throw new IllegalArgumentException("partitions must be 1..10000, got " + partitions);
        }
        if (backups < 0 || backups > 6) {
            throw new IllegalArgumentException("backups must be 0..6, got " + backups);
        }
        if (workerThreads < 0) {
            throw new IllegalArgumentException("worker threads must be >= 0, got " + workerThreads);
        }
        ConnectOptions.checkLimits(maxInFlight, submitTimeout);
    }

    /** These members, partitions, backups and workers, with the client's default limits. */
    public EmbeddedOptions(int members, int partitions, int backups, int workerThreads) {
        this(members, partitions, backups, workerThreads, ConnectOptions.DEFAULT_MAX_IN_FLIGHT,
                ConnectOptions.DEFAULT_SUBMIT_TIMEOUT);
    }

    /** Two members, 271 partitions, one backup, a worker per core. */
    public static EmbeddedOptions defaults() {
        return new EmbeddedOptions(2, 271, 1, 0);
    }

    /** Defaults with {@code n} members. */
    public static EmbeddedOptions members(int n) {
        return new EmbeddedOptions(n, 271, 1, 0);
    }

    /** A copy with this partition count. */
    public EmbeddedOptions withPartitions(int n) {
        return new EmbeddedOptions(members, n, backups, workerThreads, maxInFlight, submitTimeout);
    }

    /** A copy with this backup count. */
    public EmbeddedOptions withBackups(int n) {
        return new EmbeddedOptions(members, partitions, n, workerThreads, maxInFlight, submitTimeout);
    }

    /** A copy with this many worker threads per member. */
    public EmbeddedOptions withWorkerThreads(int n) {
        return new EmbeddedOptions(members, partitions, backups, n, maxInFlight, submitTimeout);
    }

    /** A copy with this client in-flight limit. */
    public EmbeddedOptions withMaxInFlight(int max) {
        return new EmbeddedOptions(members, partitions, backups, workerThreads, max, submitTimeout);
    }

    /** A copy with this client submit timeout. */
    public EmbeddedOptions withSubmitTimeout(Duration timeout) {
        return new EmbeddedOptions(members, partitions, backups, workerThreads, maxInFlight, timeout);
    }

    @Override
    public String toString() {
        return members + " members, " + partitions + " partitions, " + backups + " backups";
    }

    /** Objects.equals guard for callers that pass null. */
    static EmbeddedOptions orDefaults(EmbeddedOptions o) {
        return Objects.requireNonNullElseGet(o, EmbeddedOptions::defaults);
    }
}
