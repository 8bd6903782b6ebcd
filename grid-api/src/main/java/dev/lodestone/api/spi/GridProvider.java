package dev.lodestone.api.spi;

import dev.lodestone.api.ConnectOptions;
import dev.lodestone.api.EmbeddedOptions;
import dev.lodestone.api.Grid;

/**
 * Implemented by the runtime and found with {@link java.util.ServiceLoader}; users call
 * {@link dev.lodestone.api.Lodestone} instead.
 *
 * <pre>{@code
 * // META-INF/services/dev.lodestone.api.spi.GridProvider
 * dev.lodestone.runtime.RuntimeGridProvider
 * }</pre>
 */
public interface GridProvider {

    /** Connects to a running cluster. */
    Grid connect(ConnectOptions options);

    /** Starts an embedded cluster and connects to it. */
    Grid embedded(EmbeddedOptions options);
}
