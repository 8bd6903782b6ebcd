package dev.lodestone.api.events;

/**
 * A subscriber's standing on a topic; close it to stop.
 *
 * <pre>{@code
 * try (Subscription s = topic.subscribe(e -> handle(e.payload()))) {
 *     ...
 *     System.out.println(s.delivered() + " delivered, " + s.missed() + " missed");
 * }
 * }</pre>
 */
public interface Subscription extends AutoCloseable {

    /** Events handed to the subscriber so far. */
    long delivered();

    /** Events read and left out by the subscription's filter. */
    long filtered();

    /** Events the subscriber never got because the topic's buffer dropped them first. */
    long missed();

    /** The sequence of the next event it will read. */
    long nextSequence();

    /** Stops delivery; the subscriber's current event, if any, finishes first. */
    @Override
    void close();
}
