package dev.lodestone.runtime;

import dev.lodestone.api.ConnectOptions;
import dev.lodestone.api.EmbeddedOptions;
import dev.lodestone.runtime.client.ClientConnector;
import dev.lodestone.runtime.client.GridClient;
import dev.lodestone.runtime.embedded.EmbeddedCluster;
import dev.lodestone.runtime.serial.KryoCodec;
import dev.lodestone.runtime.serial.TypeRegistrations;
import java.time.Duration;

/**
 * Two real members on loopback (31 partitions, 2 workers each, one member setting overridden) and two clients of them:
 * one that submits and one that watches, for tests of what a client sees of work it did not submit. The members get a
 * fresh cluster name and free ports from {@link EmbeddedCluster}.
 *
 * <pre>{@code
 * try (TwoClientCluster grid = TwoClientCluster.start("events.tasks", "true")) {
 *     grid.watcher().events().taskEvents().subscribe(...);
 *     grid.submitter().submit(...);
 * }
 * }</pre>
 *
 * <p>THREADING: start and close from one thread.
 */
final class TwoClientCluster implements AutoCloseable {

    private final EmbeddedCluster cluster;
    private final GridClient submitter;
    private final GridClient watcher;

    private TwoClientCluster(EmbeddedCluster cluster, GridClient submitter, GridClient watcher) {
        this.cluster = cluster;
        this.submitter = submitter;
        this.watcher = watcher;
    }

    /**
     * Starts the members with member setting {@code key} set to {@code value}, then connects both clients; closes what
     * it started if a step fails.
     */
    static TwoClientCluster start(String key, String value) {
        KryoCodec codec = new KryoCodec(TypeRegistrations.fromClassPath(TwoClientCluster.class.getClassLoader()));
        EmbeddedCluster cluster = EmbeddedCluster.start(EmbeddedOptions.members(2).withPartitions(31).withWorkerThreads(2), codec,
                s -> s.withOverride(key, value, "test"));
        GridClient submitter = null;
        try {
            ConnectOptions o = new ConnectOptions(cluster.addresses(), cluster.clusterName(), Duration.ofSeconds(30));
            submitter = ClientConnector.connect(o, codec, () -> { });
            return new TwoClientCluster(cluster, submitter, ClientConnector.connect(o, codec, () -> { }));
        } catch (RuntimeException e) {
            if (submitter != null) {
                submitter.close();
            }
            cluster.close();
            throw e;
        }
    }

    /** The client that submits. */
    GridClient submitter() {
        return submitter;
    }

    /** The client that submitted nothing and watches. */
    GridClient watcher() {
        return watcher;
    }

    /** Closes both clients, then the members. */
    @Override
    public void close() {
        submitter.close();
        watcher.close();
        cluster.close();
    }
}
