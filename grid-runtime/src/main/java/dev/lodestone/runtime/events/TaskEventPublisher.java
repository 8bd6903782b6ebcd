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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a member's task lifecycle events on the task events topic, many per write.
 *
 * <p>Readers and workers only {@link #offer} to a bounded queue (no lock held long, never a wait): a worker is never
 * held up by the bus. One thread, {@code lodestone-task-events-<member>}, takes whatever has queued (up to
 * {@value #BATCH}) and adds it to the ringbuffer in one operation, then the next batch: a member's events keep the
 * order they were offered in. What finds the queue full is counted and announced, before the next batch, as one
 * {@link TaskEventKind#EVENTS_DROPPED} event.
 *
 * <p>THREADING: {@link #offer} from any thread; the publishing thread owns the batch.
 */
public final class TaskEventPublisher implements AutoCloseable {

    /** The ringbuffer of the task events topic. */
    public static final String RING = RingEventBus.PREFIX + "__tasks";

    private static final Logger LOG = LoggerFactory.getLogger(TaskEventPublisher.class);
    private static final int QUEUE = 65_536;
    private static final int BATCH = 1_000;

    private final String member;
    private final Ringbuffer<TopicEvent> ring;
    private final BlockingQueue<TaskEvent> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    /** Starts publishing for member {@code member}. */
    public TaskEventPublisher(HazelcastInstance hz, String member) {
        this.member = member;
        this.ring = hz.getRingbuffer(RING);
        this.thread = new Thread(this::publishLoop, "lodestone-task-events-" + member);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues an event for publication; never waits. */
    public void offer(TaskEvent e) {
        if (!queue.offer(e)) {
            dropped.incrementAndGet();
        }
    }

    /** Events left out because the queue was full, since the start. */
    public long dropped() {
        return dropped.get();
    }

    private void publishLoop() {
        List<TaskEvent> batch = new ArrayList<>(BATCH);
        long announced = 0;
        while (!closed) {
            try {
                TaskEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                long lost = dropped.get();
                List<TopicEvent> out = new ArrayList<>(batch.size() + 1);
                long now = System.currentTimeMillis();
                if (lost > announced) {
                    out.add(new TopicEvent(now, member, new TaskEvent(null, null, TaskEventKind.EVENTS_DROPPED, null, member, 0, now,
                            lost - announced)));
                    announced = lost;
                }
                for (TaskEvent e : batch) {
                    out.add(new TopicEvent(e.atMillis(), member, e));
                }
                ring.addAllAsync(out, OverflowPolicy.OVERWRITE).toCompletableFuture().get();
            } catch (InterruptedException e) {
                break;
            } catch (Exception e) { // a member leaving under the write: those events are counted as dropped
                if (!closed) {
                    dropped.addAndGet(batch.size());
                    LOG.warn("member {}: publishing {} task events failed; counted as dropped: {}", member, batch.size(), e.toString());
                }
            } finally {
                batch.clear();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
