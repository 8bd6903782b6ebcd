package dev.lodestone.api;

import java.util.List;

/**
 * A client could not reach the cluster within its connect timeout.
 *
 * <pre>{@code
 * Lodestone.connect(ConnectOptions.of("10.0.0.9:5701"));
 * // GridConnectException: could not reach cluster 'lodestone' at [10.0.0.9:5701] within 10000 ms
 * }</pre>
 */
public class GridConnectException extends GridException {

    private static final long serialVersionUID = 1L;

    private final List<String> addressesTried;

    /**
     * @param message        what failed
     * @param addressesTried the addresses that were tried
     * @param cause          the underlying error, may be null
     */
    public GridConnectException(String message, List<String> addressesTried, Throwable cause) {
        super(message, cause);
        this.addressesTried = List.copyOf(addressesTried);
    }

    /** The addresses that were tried. */
    public List<String> addressesTried() {
        return addressesTried;
    }
}
