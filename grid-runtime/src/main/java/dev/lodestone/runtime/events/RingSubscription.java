package dev.lodestone.runtime.events;

import com.hazelcast.client.HazelcastClientNotActiveException;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;
import dev.lodestone.api.events.Event;
import dev.lodestone.api.events.SubscribeOptions;
import dev.lodestone.api.events.Subscriber;
import dev.lodestone.api.events.Subscription;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber reading a topic's ringbuffer at its own pace, on its own thread ({@code lodestone-sub-<topic>-<n>}).
 *
 * <p>Pull, not push: the thread fetches up to a batch of events after the last one it delivered, waiting on the
 * member when there are none, and hands them to the subscriber one by one. A slow subscriber only lags; no queue
 * grows anywhere and no publisher, worker or Hazelcast thread waits for it. When it lags more than the ringbuffer's
 * capacity, the oldest events it had not read are overwritten: the next fetch starts at the oldest event still
 * held (or fails as stale), and the jump in sequence numbers is the exact count the subscriber is told it missed,
 * before the first event after the gap.
 *
 * <p>THREADING: the counters are written by the subscription's thread and read by anyone.
 */
final class RingSubscription<E> implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(RingSubscription.class);
    private static final AtomicLong NUMBERS = new AtomicLong();
    /** How many once-keys a subscription remembers. */
    static final int ONCE_WINDOW = 100_000;

    private final String topic;
    private final Class<E> type;
    private final Ringbuffer<TopicEvent> ring;
    private final Subscriber<E> subscriber;
    private final SubscribeOptions options;
    private final int batch;
    private final Thread thread;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong filtered = new AtomicLong();
    private final Predicate<? super E> filter;
    /** Null, or what makes two events the same one: the second is not delivered. */
    private final Function<E, Object> onceKey;
    /** The last {@link #ONCE_WINDOW} once-keys delivered; owned by the subscription's thread. */
    private final LinkedHashMap<Object, Boolean> seen;
    private volatile long next;
    private volatile boolean closed;
    private volatile CompletableFuture<ReadResultSet<TopicEvent>> pending;

    RingSubscription(String topic, Class<E> type, Ringbuffer<TopicEvent> ring, Subscriber<E> subscriber, SubscribeOptions options,
                     Predicate<? super E> filter, Function<E, Object> onceKey) {
        this.filter = filter;
        this.onceKey = onceKey;
        this.seen = onceKey == null ? null : new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Boolean> eldest) {
                return size() > ONCE_WINDOW;
            }
        };
        this.topic = topic;
        this.type = type;
        this.ring = ring;
        this.subscriber = subscriber;
        this.options = options;
        this.batch = (int) Math.min(options.batch(), ring.capacity()); // Hazelcast refuses to read more than it holds
        // where it starts is fixed here, in the subscribing thread: an event published after subscribe() returns is seen
        this.next = options.replay() ? ring.headSequence() : ring.tailSequence() + 1;
        this.thread = new Thread(this::readLoop, "lodestone-sub-" + topic + "-" + NUMBERS.incrementAndGet());
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void readLoop() {
        while (!closed) {
            ReadResultSet<TopicEvent> read;
            try {
                CompletableFuture<ReadResultSet<TopicEvent>> f = ring.readManyAsync(next, 1, batch, null)
                        .toCompletableFuture();
                pending = f;
                if (closed) { // close() ran before pending was set and could not cancel this read
                    f.cancel(true);
                    break;
                }
                read = f.get();
            } catch (InterruptedException e) {
                break;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof StaleSequenceException) {
                    skipToHead();
                    continue;
                }
                if (e.getCause() instanceof HazelcastInstanceNotActiveException
                        || e.getCause() instanceof HazelcastClientNotActiveException) {
                    LOG.debug("subscription to topic '{}' stopped: its client or member shut down", topic);
                    break; // nothing will ever be read again
                }
                if (!closed) {
                    LOG.warn("subscription to topic '{}': reading from sequence {} failed; trying again: {}", topic, next,
                            e.getCause().toString());
                    pause();
                }
                continue;
            } catch (RuntimeException e) { // cancelled by close(), or the client or member is shutting down
                if (!closed) {
                    LOG.warn("subscription to topic '{}' stopped: {}", topic, e.toString());
                }
                break;
            }
            for (int i = 0; i < read.size() && !closed; i++) {
                long sequence = read.getSequence(i);
                if (sequence > next) { // Hazelcast starts a read below the head at the head: the jump is what was lost
                    gap(sequence - next, next);
                }
                deliver(sequence, read.get(i));
                next = sequence + 1;
            }
            if (!closed) {
                next = Math.max(next, read.getNextSequenceToReadFrom());
            }
        }
    }

    private void skipToHead() {
        long head = ring.headSequence();
        if (head > next) {
            gap(head - next, next);
            next = head;
        }
    }

    private void gap(long count, long from) {
        missed.addAndGet(count);
        try {
            subscriber.onMissed(count, from);
        } catch (RuntimeException e) {
            LOG.warn("subscriber of topic '{}' threw from onMissed({}, {})", topic, count, from, e);
        }
    }

    private void deliver(long sequence, TopicEvent e) {
        Object payload = e.payload();
        if (payload instanceof Dropped d) { // a publisher's buffer was full: these never reached the topic
            gap(d.count(), sequence);
            return;
        }
        if (!type.isInstance(payload)) {
            failures.incrementAndGet();
            LOG.warn("topic '{}' event {} carries a {}, not a {}; skipped", topic, sequence,
                    payload == null ? "null" : payload.getClass().getName(), type.getName());
            return;
        }
        E typed = type.cast(payload);
        try {
            if (!filter.test(typed)) {
                filtered.incrementAndGet();
                return;
            }
        } catch (RuntimeException ex) {
            failures.incrementAndGet();
            LOG.warn("the filter of a subscription to topic '{}' threw on event {}; event left out", topic, sequence, ex);
            filtered.incrementAndGet();
            return;
        }
        if (onceKey != null) {
            Object key = onceKey.apply(typed);
            if (key != null && seen.put(key, Boolean.TRUE) != null) {
                filtered.incrementAndGet(); // delivered already
                return;
            }
        }
        delivered.incrementAndGet();
        try {
            subscriber.onEvent(new Event<>(topic, sequence, e.publishMillis(), e.publisher(), typed));
        } catch (RuntimeException ex) {
            failures.incrementAndGet();
            LOG.warn("subscriber of topic '{}' threw on event {}; going on", topic, sequence, ex);
        }
    }

    private void pause() {
        try {
            Thread.sleep(100); // a failing read (member leaving) is retried a little later, not in a hot loop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public long delivered() {
        return delivered.get();
    }

    @Override
    public long filtered() {
        return filtered.get();
    }

    @Override
    public long missed() {
        return missed.get();
    }

    @Override
    public long nextSequence() {
        return next;
    }

    @Override
    public void close() {
        closed = true;
        CompletableFuture<?> f = pending;
        if (f != null) {
            f.cancel(true); // ends a wait for the next event; an event being delivered finishes first
        }
    }
}
