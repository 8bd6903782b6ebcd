package dev.lodestone.api;

import dev.lodestone.api.spi.GridProvider;
import java.util.ServiceLoader;

/**
 * The entry point: connect to a running cluster, or start an embedded one.
 *
 * <pre>{@code
 * try (Grid grid = Lodestone.connect(ConnectOptions.parse("10.0.0.1:5701,10.0.0.2:5701"))) {
 *     ...
 * }
 * try (Grid dev = Lodestone.embedded()) { // two in-process members on loopback
 *     ...
 * }
 * }</pre>
 */
public final class Lodestone {

    private Lodestone() {
    }

    /**
     * Connects to a running cluster.
     *
     * @throws GridConnectException when no member answers within the connect timeout
     */
    public static Grid connect(ConnectOptions options) {
        return provider().connect(options);
    }

    /** Starts an embedded cluster of two members in this JVM and connects to it. */
    public static Grid embedded() {
        return embedded(EmbeddedOptions.defaults());
    }

    /** Starts an embedded cluster in this JVM and connects to it; closing the grid stops it. */
    public static Grid embedded(EmbeddedOptions options) {
        return provider().embedded(EmbeddedOptions.orDefaults(options));
    }

    private static GridProvider provider() {
        return ServiceLoader.load(GridProvider.class).findFirst().orElseThrow(() -> new GridException(
                "no Lodestone runtime on the class path: add dev.lodestone:grid-runtime"));
    }
}
