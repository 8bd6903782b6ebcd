package dev.lodestone.runtime.events;

import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.Ringbuffer;
import dev.lodestone.api.GridException;
import dev.lodestone.api.events.SubscribeOptions;
import dev.lodestone.api.events.Subscriber;
import dev.lodestone.api.events.Subscription;
import dev.lodestone.api.events.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Predicate;

/** A topic on a ringbuffer. THREADING: thread-safe. */
final class RingTopic<E> implements Topic<E> {

    private final String name;
    private final Class<E> type;
    private final Ringbuffer<TopicEvent> ring;
    private final String publisher;
    private final Function<E, Object> onceKey;

    RingTopic(String name, Class<E> type, Ringbuffer<TopicEvent> ring, String publisher) {
        this(name, type, ring, publisher, null);
    }

    /**
     * A topic whose subscriptions deliver at most one event per non-null {@code onceKey} (within the last
     * {@value RingSubscription#ONCE_WINDOW} such keys).
     */
    RingTopic(String name, Class<E> type, Ringbuffer<TopicEvent> ring, String publisher, Function<E, Object> onceKey) {
        this.name = name;
        this.type = type;
        this.ring = ring;
        this.publisher = publisher;
        this.onceKey = onceKey;
    }

    /**
     * Checks {@code payload} for this topic and returns the event that publishes it, for a task to publish once it
     * succeeded ({@link dev.lodestone.api.task.TaskContext#publishOnSuccess}).
     */
    TopicEvent stage(Object payload) {
        if (publisher == null) {
            throw new UnsupportedOperationException("topic '" + name + "' is written by the members, not by tasks");
        }
        Objects.requireNonNull(payload, "payload");
        if (!type.isInstance(payload)) {
            throw new IllegalArgumentException("topic '" + name + "' carries " + type.getName() + ", not " + payload.getClass().getName());
        }
        return new TopicEvent(System.currentTimeMillis(), publisher, payload);
    }

    Ringbuffer<TopicEvent> ring() {
        return ring;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long capacity() {
        return ring.capacity();
    }

    @Override
    public long publish(E payload) {
        if (publisher == null) {
            throw new UnsupportedOperationException("topic '" + name + "' carries a map's updates; the members that own"
                    + " its keys publish them");
        }
        Objects.requireNonNull(payload, "payload");
        if (!type.isInstance(payload)) {
            throw new IllegalArgumentException("topic '" + name + "' carries " + type.getName() + ", not " + payload.getClass().getName());
        }
        try {
            return ring.add(new TopicEvent(System.currentTimeMillis(), publisher, payload));
        } catch (RuntimeException e) {
            throw new GridException("publishing a " + payload.getClass().getName() + " to topic '" + name + "' failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public long publishAll(List<? extends E> payloads) {
        if (publisher == null) {
            throw new UnsupportedOperationException("topic '" + name + "' is written by the members, not by callers");
        }
        Objects.requireNonNull(payloads, "payloads");
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("nothing to publish to topic '" + name + "'");
        }
        long now = System.currentTimeMillis();
        List<TopicEvent> events = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            E payload = payloads.get(i);
            if (!type.isInstance(payload)) {
                throw new IllegalArgumentException("topic '" + name + "' carries " + type.getName() + "; payload " + i + " is "
                        + (payload == null ? "null" : payload.getClass().getName()) + "; nothing was published");
            }
            events.add(new TopicEvent(now, publisher, payload));
        }
        try {
            return ring.addAllAsync(events, OverflowPolicy.OVERWRITE).toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GridException("interrupted while publishing " + payloads.size() + " events to topic '" + name + "'");
        } catch (ExecutionException e) {
            throw new GridException("publishing " + payloads.size() + " events to topic '" + name + "' failed: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public Subscription subscribe(Subscriber<E> subscriber, SubscribeOptions options, Predicate<? super E> filter) {
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(filter, "filter");
        RingSubscription<E> s = new RingSubscription<>(name, type, ring, subscriber, options, filter, onceKey);
        s.start();
        return s;
    }
}
