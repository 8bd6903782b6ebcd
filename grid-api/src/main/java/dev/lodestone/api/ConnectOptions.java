package dev.lodestone.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a client reaches a running cluster.
 *
 * <pre>{@code
 * Grid grid = Lodestone.connect(ConnectOptions.of("10.0.0.1:5701", "10.0.0.2:5701")
 *         .withClusterName("prod")
 *         .withConnectTimeout(Duration.ofSeconds(5))
 *         .withMaxInFlight(100_000));                 // backpressure: submit waits beyond this
 * }</pre>
 *
 * @param addresses      {@code host:port} of one or more members; the client learns the rest
 * @param clusterName    the cluster's name; members of another cluster refuse the client
 * @param connectTimeout how long to keep trying before failing with {@link GridConnectException}
 * @param maxInFlight    most tasks this client may have submitted and not yet answered; beyond it
 *                       {@link Grid#submit} waits for room and {@link Grid#submitAsync} refuses
 * @param submitTimeout  how long {@link Grid#submit} waits for room before refusing the task
 */
public record ConnectOptions(List<String> addresses, String clusterName, Duration connectTimeout, int maxInFlight,
                             Duration submitTimeout) {

    /** The default of {@link #maxInFlight()}. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1_000_000;
    /** The default of {@link #submitTimeout()}. */
    public static final Duration DEFAULT_SUBMIT_TIMEOUT = Duration.ofSeconds(30);

    /** The default cluster name of members started with {@code bin/start-member}. */
    public static final String DEFAULT_CLUSTER_NAME = "lodestone";

    /** Checks the values. */
    public ConnectOptions {
        addresses = List.copyOf(Objects.requireNonNull(addresses, "addresses"));
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("at least one member address (host:port) is needed");
        }
        for (String a : addresses) {
            if (a == null || a.isBlank()) {
                throw new IllegalArgumentException("blank member address in " + addresses);
            }
        }
        Objects.requireNonNull(clusterName, "clusterName");
        if (clusterName.isBlank()) {
            throw new IllegalArgumentException("cluster name must not be blank");
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive, got " + connectTimeout);
        }
        checkLimits(maxInFlight, submitTimeout);
    }

    /** These addresses, cluster and connect timeout, with the default in-flight limit and submit timeout. */
    public ConnectOptions(List<String> addresses, String clusterName, Duration connectTimeout) {
        this(addresses, clusterName, connectTimeout, DEFAULT_MAX_IN_FLIGHT, DEFAULT_SUBMIT_TIMEOUT);
    }

    static void checkLimits(int maxInFlight, Duration submitTimeout) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max in flight must be >= 1, got " + maxInFlight);
        }
        Objects.requireNonNull(submitTimeout, "submitTimeout");
        if (submitTimeout.isNegative()) {
            throw new IllegalArgumentException("submit timeout must not be negative, got " + submitTimeout);
        }
    }

    /** These addresses, the default cluster name, a 10 s connect timeout. */
    public static ConnectOptions of(String... addresses) {
        return new ConnectOptions(List.of(addresses), DEFAULT_CLUSTER_NAME, Duration.ofSeconds(10));
    }

    /**
     * Parses a comma-separated list such as {@code "host1:5701,host2:5701"}.
     */
    public static ConnectOptions parse(String commaSeparated) {
        return of(commaSeparated.trim().split("\\s*,\\s*"));
    }

    /** A copy with this cluster name. */
    public ConnectOptions withClusterName(String name) {
        return new ConnectOptions(addresses, name, connectTimeout, maxInFlight, submitTimeout);
    }

    /** A copy with this connect timeout. */
    public ConnectOptions withConnectTimeout(Duration timeout) {
        return new ConnectOptions(addresses, clusterName, timeout, maxInFlight, submitTimeout);
    }

    /** A copy with this in-flight limit. */
    public ConnectOptions withMaxInFlight(int max) {
        return new ConnectOptions(addresses, clusterName, connectTimeout, max, submitTimeout);
    }

    /** A copy with this submit timeout; zero makes a blocking submit refuse at once when there is no room. */
    public ConnectOptions withSubmitTimeout(Duration timeout) {
        return new ConnectOptions(addresses, clusterName, connectTimeout, maxInFlight, timeout);
    }
}
