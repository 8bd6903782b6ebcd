package dev.lodestone.runtime.embedded;

import dev.lodestone.api.EmbeddedOptions;
import dev.lodestone.api.GridException;
import dev.lodestone.runtime.config.MemberSettings;
import dev.lodestone.runtime.member.HazelcastSetup;
import dev.lodestone.runtime.member.LodestoneMember;
import dev.lodestone.runtime.serial.KryoCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Members in this JVM on loopback, under a fresh cluster name so they never join, or are joined
 * by, anything else on the machine, and with Hazelcast instance names of that cluster, so that
 * several embedded clusters can run in one JVM at once. For development, tests and the CLI's default.
 *
 * <p>THREADING: start and close from one thread.
 */
public final class EmbeddedCluster implements AutoCloseable {

    private static final long SAFE_WAIT_NANOS = 60_000_000_000L;
    private static final int PORT_ATTEMPTS = 5;

    private final String clusterName;
    private final List<LodestoneMember> members = new ArrayList<>();

    private EmbeddedCluster(String clusterName) {
        this.clusterName = clusterName;
    }

    /** Starts the members one after another, each joining those before it. */
    public static EmbeddedCluster start(EmbeddedOptions options, KryoCodec codec) {
        return start(options, codec, UnaryOperator.identity());
    }

    /** Starts the members with their settings adjusted by {@code settings}: for tests of scheduling rules. */
    public static EmbeddedCluster start(EmbeddedOptions options, KryoCodec codec, UnaryOperator<MemberSettings> settings) {
        EmbeddedCluster cluster = new EmbeddedCluster("lodestone-embedded-" + UUID.randomUUID().toString().substring(0, 8));
        List<String> addresses = new ArrayList<>();
        try {
            for (int i = 1; i <= options.members(); i++) {
                MemberSettings memberSettings = settings.apply(MemberSettings.defaults()
                        .withOverride("worker.threads", Integer.toString(options.workerThreads()), "embedded options"));
                String name = "embedded-" + i;
                for (int attempt = 1; ; attempt++) {
                    // a free port may be taken by another process before Hazelcast binds it: then take another
                    int port = freePort();
                    addresses.add("127.0.0.1:" + port);
                    var config = HazelcastSetup.embedded(cluster.clusterName, port, addresses, options.partitions(), options.backups());
                    // Hazelcast keeps instance names unique per JVM; every embedded cluster has an embedded-1.
                    config.setInstanceName(name + "@" + cluster.clusterName);
                    try {
                        cluster.members.add(LodestoneMember.start(name, config, memberSettings, codec, "127.0.0.1"));
                        break;
                    } catch (RuntimeException e) {
                        addresses.remove(addresses.size() - 1);
                        if (attempt == PORT_ATTEMPTS || !portTaken(e)) {
                            throw e;
                        }
                    }
                }
            }
            cluster.awaitSafe();
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw new GridException("could not start an embedded cluster of " + options + ": " + e.getMessage(), e);
        }
    }

    /**
     * Assigns the partitions now that every member is in, and waits until no migration is pending,
     * so the first job sees its data spread over all members rather than mid-rebalance.
     */
    private void awaitSafe() {
        var hz = members.get(0).hazelcast();
        hz.getPartitionService().getPartition(0).getOwner(); // first use assigns them, over every member present
        long until = System.nanoTime() + SAFE_WAIT_NANOS;
        while (!hz.getPartitionService().isClusterSafe()) {
            if (System.nanoTime() - until > 0) {
                throw new GridException("embedded cluster " + clusterName + " did not settle its partitions within "
                        + SAFE_WAIT_NANOS / 1_000_000_000 + " s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); // start-up only; Hazelcast offers no signal
        }
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException || t.getMessage() != null && t.getMessage().contains("is already in use")) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The cluster's name. */
    public String clusterName() {
        return clusterName;
    }

    /** The members, in start order. */
    public List<LodestoneMember> members() {
        return List.copyOf(members);
    }

    /** {@code host:port} of every member. */
    public List<String> addresses() {
        return members.stream().map(LodestoneMember::address).toList();
    }

    /** Stops every member, the newest first. */
    @Override
    public void close() {
        for (int i = members.size() - 1; i >= 0; i--) {
            members.get(i).close();
        }
        members.clear();
    }
}
