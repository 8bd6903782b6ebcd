package dev.lodestone.api.events;

/**
 * A named, typed stream of events, held by the grid in a bounded buffer with a backup. Every subscriber, on any
 * member or client, sees the events in the same order; one that falls more than the buffer's capacity behind is
 * told how many it missed ({@link Subscriber#onMissed}), never silently skipped.
 *
 * <pre>{@code
 * Topic<PriceChange> prices = grid.events().topic("prices", PriceChange.class);
 * Subscription s = prices.subscribe(e -> update(e.payload()));
 * prices.publish(new PriceChange("ACME", 12.5));
 * }</pre>
 *
 * @param <E> the payload's type; registered with a {@link dev.lodestone.api.serial.TypeRegistrar} like a task
 */
public interface Topic<E> {

    /** The topic's name. */
    String name();

    /** How many events its buffer holds; a subscriber further behind than this misses events. */
    long capacity();

    /**
     * Publishes one event; returns its sequence once the grid holds it (with its backup).
     *
     * @throws dev.lodestone.api.GridException when the payload cannot be serialized, naming its class
     */
    long publish(E payload);

    /**
     * Publishes many events in one write, in list order, consecutive sequences; returns the sequence of the last.
     * Much cheaper per event than {@link #publish} one by one.
     *
     * <pre>{@code
     * long last = prices.publishAll(List.of(new PriceChange("ACME", 12.5), new PriceChange("INIT", 3.1)));
     * }</pre>
     *
     * @throws IllegalArgumentException when the list is empty or holds a payload of another type
     */
    long publishAll(java.util.List<? extends E> payloads);

    /** Subscribes from the next event published. */
    default Subscription subscribe(Subscriber<E> subscriber) {
        return subscribe(subscriber, SubscribeOptions.defaults());
    }

    /** Subscribes with these options. */
    default Subscription subscribe(Subscriber<E> subscriber, SubscribeOptions options) {
        return subscribe(subscriber, options, e -> true);
    }

    /**
     * Subscribes to the events {@code filter} accepts (by key, by kind, by job: any test of the payload), tested on the
     * subscription's thread before the subscriber sees them. A gap is reported whole, whatever the filter would have
     * made of the events in it.
     *
     * <pre>{@code
     * grid.events().<Integer, Double>mapUpdates("ratings").subscribe(e -> reload(e.payload().key()),
     *         SubscribeOptions.defaults(), u -> u.kind() == UpdateKind.REMOVED && u.key() < 1_000);
     * }</pre>
     */
    Subscription subscribe(Subscriber<E> subscriber, SubscribeOptions options, java.util.function.Predicate<? super E> filter);
}
