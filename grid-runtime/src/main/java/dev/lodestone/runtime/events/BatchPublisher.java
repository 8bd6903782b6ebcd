package dev.lodestone.runtime.events;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.Ringbuffer;
import dev.lodestone.api.events.TaskEvent;
import dev.lodestone.api.events.TaskEventKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what a member's workers report (task events, task results) on one of the bus's topics, many per write.
 *
 * <p>Workers only {@link #offer} to a bounded queue (no lock held long, never a wait): a worker is never held up by
 * the bus. One thread, {@code lodestone-<what>-<member>}, takes whatever has queued (up to {@value #BATCH}) and adds
 * it to the ringbuffer in one operation, then the next batch: a member's events keep the order they were offered in.
 * What finds the queue full is counted and announced, before the next batch, as one marker event that subscribers
 * see (for task events an {@link TaskEventKind#EVENTS_DROPPED} event, for other topics a {@link Dropped} record that
 * subscriptions report as missed).
 *
 * <p>THREADING: {@link #offer} from any thread; the publishing thread owns the batch.
 */
public final class BatchPublisher implements AutoCloseable {

    /** The ringbuffer of the task events topic. */
    public static final String TASK_EVENTS = RingEventBus.PREFIX + "__tasks";
    /** The ringbuffer of the task results topic. */
    public static final String RESULTS = RingEventBus.PREFIX + "__results";

    private static final Logger LOG = LoggerFactory.getLogger(BatchPublisher.class);
    private static final int QUEUE = 65_536;
    private static final int BATCH = 1_000;
    private static final long CLOSE_MILLIS = 2_000;
    private static final long WAIT_STEP_NANOS = 50_000;

    private final String member;
    private final Ringbuffer<TopicEvent> ring;
    private final LongFunction<Object> dropMarker;
    private final BlockingQueue<TopicEvent> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    /** Events queued, and events written (or given up as dropped) by the publishing thread, since the start. */
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean aborted;

    private BatchPublisher(HazelcastInstance hz, String ring, String what, String member, LongFunction<Object> dropMarker) {
        this.member = member;
        this.ring = hz.getRingbuffer(ring);
        this.dropMarker = dropMarker;
        this.thread = new Thread(this::publishLoop, "lodestone-" + what + "-" + member);
        thread.setDaemon(true);
        thread.start();
    }

    /** Publishes member {@code member}'s task lifecycle events. */
    public static BatchPublisher taskEvents(HazelcastInstance hz, String member) {
        return new BatchPublisher(hz, TASK_EVENTS, "task-events", member, n -> new TaskEvent(null, null,
                TaskEventKind.EVENTS_DROPPED, null, member, 0, System.currentTimeMillis(), n));
    }

    /** Publishes member {@code member}'s task results. */
    public static BatchPublisher results(HazelcastInstance hz, String member) {
        return new BatchPublisher(hz, RESULTS, "results", member, Dropped::new);
    }

    /** Queues a payload for publication, stamped now; never waits. */
    public void offer(Object payload) {
        offer(System.currentTimeMillis(), payload);
    }

    /** Queues a payload for publication, stamped {@code atMillis}; never waits. */
    public void offer(long atMillis, Object payload) {
        if (queue.offer(new TopicEvent(atMillis, member, payload))) {
            offered.incrementAndGet();
        } else {
            dropped.incrementAndGet();
        }
    }

    /**
     * Waits until everything offered before this call is written to the topic (or counted as dropped), for at most
     * {@code timeoutMillis}: what this member said about a task then precedes what another member says of it next
     * (a task lent to a thief). Returns whether it got there in time.
     */
    public boolean awaitWritten(long timeoutMillis) {
        long target = offered.get();
        long until = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (written.get() < target) {
            if (System.nanoTime() - until > 0 || closed) {
                return false;
            }
            LockSupport.parkNanos(WAIT_STEP_NANOS); // the publisher writes within a batch's time: a millisecond or so
        }
        return true;
    }

    /** Events left out because the queue was full, since the start. */
    public long dropped() {
        return dropped.get();
    }

    private void publishLoop() {
        List<TopicEvent> batch = new ArrayList<>(BATCH + 1);
        long announced = 0;
        int taken = 0;
        while (!aborted && (!closed || !queue.isEmpty())) { // a closing publisher still writes what it holds
            try {
                TopicEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                long lost = dropped.get();
                if (lost > announced) {
                    batch.add(new TopicEvent(System.currentTimeMillis(), member, dropMarker.apply(lost - announced)));
                    announced = lost;
                }
                int marker = batch.size();
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                taken = batch.size() - marker;
                ring.addAllAsync(batch, OverflowPolicy.OVERWRITE).toCompletableFuture().get();
            } catch (InterruptedException e) {
                break;
            } catch (Exception e) { // a member leaving under the write: those events are counted as dropped
                if (!closed) {
                    dropped.addAndGet(batch.size());
                    LOG.warn("member {}: publishing {} events failed; counted as dropped: {}", member, batch.size(), e.toString());
                }
            } finally {
                written.addAndGet(taken);
                taken = 0;
                batch.clear();
            }
        }
    }

    /** Stops at once, dropping what is queued: for a member that dies as a crash would. */
    public void abort() {
        aborted = true;
        closed = true;
        thread.interrupt();
    }

    /** Writes what is queued (for up to {@value #CLOSE_MILLIS} ms), then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(CLOSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }
}
