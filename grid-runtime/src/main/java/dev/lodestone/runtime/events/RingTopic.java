package dev.lodestone.runtime.events;

import com.hazelcast.ringbuffer.Ringbuffer;
import dev.lodestone.api.GridException;
import dev.lodestone.api.events.SubscribeOptions;
import dev.lodestone.api.events.Subscriber;
import dev.lodestone.api.events.Subscription;
import dev.lodestone.api.events.Topic;
import java.util.Objects;
import java.util.function.Predicate;

/** A topic on a ringbuffer. THREADING: thread-safe. */
final class RingTopic<E> implements Topic<E> {

    private final String name;
    private final Class<E> type;
    private final Ringbuffer<TopicEvent> ring;
    private final String publisher;

    RingTopic(String name, Class<E> type, Ringbuffer<TopicEvent> ring, String publisher) {
        this.name = name;
        this.type = type;
        this.ring = ring;
        this.publisher = publisher;
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
    public Subscription subscribe(Subscriber<E> subscriber, SubscribeOptions options, Predicate<? super E> filter) {
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(filter, "filter");
        RingSubscription<E> s = new RingSubscription<>(name, type, ring, subscriber, options, filter);
        s.start();
        return s;
    }
}
