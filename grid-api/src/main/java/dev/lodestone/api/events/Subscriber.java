package dev.lodestone.api.events;

/**
 * Receives a topic's events, one at a time and in publication order, on a thread of the subscription's own (never
 * a worker's or Hazelcast's): a slow subscriber holds up nobody but itself.
 *
 * <pre>{@code
 * Subscriber<PriceChange> s = new Subscriber<>() {
 *     public void onEvent(Event<PriceChange> e) { apply(e.payload()); }
 *     public void onMissed(long count, long from) { reloadPrices(); } // fell behind: catch up from the current state
 * };
 * }</pre>
 *
 * @param <E> the payload's type
 */
@FunctionalInterface
public interface Subscriber<E> {

    /** The next event. An exception it throws is logged and counted; the subscription goes on. */
    void onEvent(Event<E> event);

    /**
     * The subscriber fell so far behind that the topic's buffer dropped {@code count} events, sequences
     * {@code fromSequence} to {@code fromSequence + count - 1}, before it read them. Called before the first event
     * after the gap. The default does nothing; the count is also in {@link Subscription#missed()}.
     */
    default void onMissed(long count, long fromSequence) {
    }
}
