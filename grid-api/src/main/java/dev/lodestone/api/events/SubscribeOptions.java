package dev.lodestone.api.events;

/**
 * Where a subscription starts, and how many events it reads per fetch.
 *
 * <pre>{@code
 * topic.subscribe(subscriber, SubscribeOptions.fromOldest());  // replay what the buffer still holds, then follow
 * }</pre>
 *
 * @param replay true to start from the oldest event the topic still holds; false to start with the next one
 *               published
 * @param batch  how many events one fetch reads at most (1 to 1,000)
 */
public record SubscribeOptions(boolean replay, int batch) {

    private static final SubscribeOptions DEFAULTS = new SubscribeOptions(false, 256);

    /** Checks the values. */
    public SubscribeOptions {
        if (batch < 1 || batch > 1_000) {
            throw new IllegalArgumentException("batch must be 1 to 1000 events, got " + batch);
        }
    }

    /** From the next event published; 256 per fetch. */
    public static SubscribeOptions defaults() {
        return DEFAULTS;
    }

    /** From the oldest event the topic still holds. */
    public static SubscribeOptions fromOldest() {
        return new SubscribeOptions(true, DEFAULTS.batch);
    }

    /** A copy with this batch size. */
    public SubscribeOptions withBatch(int newBatch) {
        return new SubscribeOptions(replay, newBatch);
    }
}
