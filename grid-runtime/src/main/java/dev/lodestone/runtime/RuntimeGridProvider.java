package dev.lodestone.runtime;

import dev.lodestone.api.ConnectOptions;
import dev.lodestone.api.EmbeddedOptions;
import dev.lodestone.api.Grid;
import dev.lodestone.api.spi.GridProvider;
import dev.lodestone.runtime.client.ClientConnector;
import dev.lodestone.runtime.embedded.EmbeddedCluster;
import dev.lodestone.runtime.serial.KryoCodec;
import dev.lodestone.runtime.serial.TypeRegistrations;
import java.time.Duration;

/** The runtime behind {@link dev.lodestone.api.Lodestone}; found with {@link java.util.ServiceLoader}. */
public final class RuntimeGridProvider implements GridProvider {

    @Override
    public Grid connect(ConnectOptions options) {
        return ClientConnector.connect(options, codec(), () -> { });
    }

    @Override
    public Grid embedded(EmbeddedOptions options) {
        KryoCodec codec = codec();
        EmbeddedCluster cluster = EmbeddedCluster.start(options, codec);
        ConnectOptions connect = new ConnectOptions(cluster.addresses(), cluster.clusterName(), Duration.ofSeconds(30),
                options.maxInFlight(), options.submitTimeout());
        return ClientConnector.connect(connect, codec, cluster::close);
    }

    private static KryoCodec codec() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return new KryoCodec(TypeRegistrations.fromClassPath(loader == null ? RuntimeGridProvider.class.getClassLoader() : loader));
    }
}
