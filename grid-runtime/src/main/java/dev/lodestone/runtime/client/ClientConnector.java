package dev.lodestone.runtime.client;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.GlobalSerializerConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.lodestone.api.ConnectOptions;
import dev.lodestone.api.GridConnectException;
import dev.lodestone.runtime.serial.KryoCodec;
import dev.lodestone.runtime.serial.KryoHazelcastSerializer;
import dev.lodestone.scheduler.InFlightLimit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens a {@link GridClient}: a smart Hazelcast client (it knows the partition table and talks to
 * each key's owner directly) plus the task channel.
 */
public final class ClientConnector {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private ClientConnector() {
    }

    /**
     * Connects, or fails within the connect timeout naming the addresses tried.
     *
     * @param onClose what else to stop when the grid closes
     */
    public static GridClient connect(ConnectOptions options, KryoCodec codec, Runnable onClose) {
        String name = "client-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        ClientConfig cc = new ClientConfig();
        cc.setClusterName(options.clusterName());
        cc.setInstanceName(name);
        cc.setProperty("hazelcast.logging.type", "slf4j");
        cc.setProperty("hazelcast.client.statistics.enabled", "false");
        cc.getNetworkConfig().setAddresses(options.addresses());
        cc.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(options.connectTimeout().toMillis())
                .setInitialBackoffMillis(200).setMaxBackoffMillis(2_000);
        cc.getSerializationConfig().setGlobalSerializerConfig(new GlobalSerializerConfig()
                .setImplementation(new KryoHazelcastSerializer(codec)).setOverrideJavaSerialization(true));
        HazelcastInstance hz;
        try {
            hz = HazelcastClient.newHazelcastClient(cc);
        } catch (IllegalStateException e) {
            onClose.run();
            throw new GridConnectException("could not reach Lodestone cluster '" + options.clusterName() + "' at "
                    + options.addresses() + " within " + options.connectTimeout().toMillis() + " ms (is a member running there,"
                    + " with that cluster name?)", options.addresses(), e);
        }
        try {
            return new GridClient(hz, codec, name, onClose, new InFlightLimit(options.maxInFlight()), options.submitTimeout());
        } catch (RuntimeException e) {
            hz.shutdown();
            onClose.run();
            throw e;
        }
    }
}
