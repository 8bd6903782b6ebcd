package dev.lodestone.microbench;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.GlobalSerializerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import dev.lodestone.runtime.data.MapCatalog;
import dev.lodestone.runtime.member.HazelcastBackend;
import dev.lodestone.runtime.member.HazelcastSetup;
import dev.lodestone.runtime.member.LodestoneMember;
import dev.lodestone.runtime.serial.KryoHazelcastSerializer;
import dev.lodestone.scheduler.Relation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where a keyed task goes, against real Hazelcast members and a smart client in this JVM (two
 * members, 271 partitions, one backup, configured as Lodestone configures them):
 * <ul>
 *   <li>{@code keyToPartition}: the client's key to partition id, {@code getPartition(key).getPartitionId()}
 *       (the key is serialized and hashed);</li>
 *   <li>{@code keyToMember}: everything {@code GridClient} does to pick the member for a keyed task: the
 *       map's existence check ({@link MapCatalog#requireExists}, a cached hash lookup), key to partition,
 *       the partition's owner in the client's table, and the member's link by its UUID (a
 *       {@link ConcurrentHashMap}). Those steps are private to {@code GridClient}
 *       ({@code partitionOf}, {@code route}); this repeats them call for call;</li>
 *   <li>{@code memberRelation}: the member's side of a steal, {@link HazelcastBackend#relation}: how a
 *       named member stands to a partition, read from Hazelcast's internal partition table; the member
 *       asked about is neither owner nor backup, so both replicas are looked at.</li>
 * </ul>
 * The partition table does not change during the run, as in a steady cluster.
 *
 * <pre>{@code
 * java -jar grid-microbench/target/microbench.jar PlacementBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens", "java.management/sun.management=ALL-UNNAMED",
    "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PlacementBenchmark {

    /** Keys the benchmark cycles through; a power of two. */
    static final int KEYS = 4096;
    static final String MAP = "orders";
    static final int PARTITIONS = 271;
    private static final String STRANGER = "elsewhere";

    /** The members, the client and what the client keeps to route by. */
    @State(Scope.Benchmark)
    public static class Cluster {
        final List<HazelcastInstance> members = new ArrayList<>();
        HazelcastInstance client;
        MapCatalog maps;
        Partition[] partitionsById;
        /** Stands in for the client's member links, keyed as GridClient keys them: by the member's UUID. */
        final ConcurrentHashMap<UUID, Object> links = new ConcurrentHashMap<>();
        HazelcastBackend backend;
        final String[] keys = new String[KEYS];

        /** Starts the members and the client and waits until the client knows every partition's owner. */
        @Setup(Level.Trial)
        public void start() {
            String clusterName = "microbench-" + UUID.randomUUID().toString().substring(0, 8);
            List<String> addresses = List.of("127.0.0.1:" + freePort(), "127.0.0.1:" + freePort());
            for (int i = 0; i < addresses.size(); i++) {
                int port = Integer.parseInt(addresses.get(i).substring(addresses.get(i).indexOf(':') + 1));
                Config config = HazelcastSetup.embedded(clusterName, port, addresses, PARTITIONS, 1);
                config.setInstanceName("m" + (i + 1) + "@" + clusterName);
                config.getMemberAttributeConfig().setAttribute(LodestoneMember.ATTR_NAME, "m" + (i + 1));
                members.add(Hazelcast.newHazelcastInstance(config));
            }
            HazelcastInstance member = members.get(0);
            member.getMap(MAP); // the map exists, as a created map does
            awaitClusterSafe(member);
            client = HazelcastClient.newHazelcastClient(clientConfig(clusterName, addresses));
            maps = new MapCatalog(client);
            awaitPartitionTable(client);
            Collection<Partition> partitions = client.getPartitionService().getPartitions();
            partitionsById = new Partition[partitions.size()];
            for (Partition p : partitions) {
                partitionsById[p.getPartitionId()] = p;
            }
            for (Member m : client.getCluster().getMembers()) {
                links.put(m.getUuid(), new Object());
            }
            backend = new HazelcastBackend(member);
            for (int i = 0; i < KEYS; i++) {
                keys[i] = "order-" + (100_000 + i * 7919);
            }
        }

        /** Stops the client, then the members. */
        @TearDown(Level.Trial)
        public void stop() {
            if (client != null) {
                client.shutdown();
            }
            for (int i = members.size() - 1; i >= 0; i--) {
                members.get(i).shutdown();
            }
        }

        /** As {@code ClientConnector} configures the client, without its connect time-outs. */
        private static ClientConfig clientConfig(String clusterName, List<String> addresses) {
            ClientConfig cc = new ClientConfig();
            cc.setClusterName(clusterName);
            cc.setInstanceName("client@" + clusterName);
            cc.setProperty("hazelcast.logging.type", "slf4j");
            cc.setProperty("hazelcast.client.statistics.enabled", "false");
            cc.getNetworkConfig().setAddresses(addresses);
            cc.getSerializationConfig().setGlobalSerializerConfig(new GlobalSerializerConfig()
                    .setImplementation(new KryoHazelcastSerializer(SerializationBenchmark.kryoCodec()))
                    .setOverrideJavaSerialization(true));
            return cc;
        }

        private static void awaitClusterSafe(HazelcastInstance member) {
            member.getPartitionService().getPartition(0).getOwner(); // first use assigns the partitions
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!member.getPartitionService().isClusterSafe()) {
                if (System.nanoTime() - until > 0) {
                    throw new IllegalStateException("the members did not settle their partitions within 60 s");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // set-up only; Hazelcast offers no signal
            }
        }

        private static void awaitPartitionTable(HazelcastInstance client) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int p = 0; p < PARTITIONS; p++) {
                while (client.getPartitionService().getPartition(p).getOwner() == null) {
                    if (System.nanoTime() - until > 0) {
                        throw new IllegalStateException("the client did not learn the owner of partition " + p + " within 60 s");
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // set-up only; Hazelcast offers no signal
                }
            }
        }

        private static int freePort() {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Each thread's place in the key list. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        String nextKey(Cluster c) {
            return c.keys[next++ & (KEYS - 1)];
        }

        int nextPartition() {
            return next++ % PARTITIONS;
        }
    }

    /** Key to partition id on the client. */
    @Benchmark
    public int keyToPartition(Cluster c, Cursor k) {
        return c.client.getPartitionService().getPartition(k.nextKey(c)).getPartitionId();
    }

    /** Key to the member link a keyed task is sent on, step for step as GridClient does it. */
    @Benchmark
    public Object keyToMember(Cluster c, Cursor k) {
        c.maps.requireExists(MAP);
        int partition = c.client.getPartitionService().getPartition(k.nextKey(c)).getPartitionId();
        Member owner = c.partitionsById[partition].getOwner();
        return c.links.get(owner.getUuid());
    }

    /** The member's answer to how another member stands to a partition's data. */
    @Benchmark
    public Relation memberRelation(Cluster c, Cursor k) {
        return c.backend.relation(STRANGER, k.nextPartition());
    }
}
