package dev.lodestone.runtime.events;

import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.Ringbuffer;
import dev.lodestone.api.events.Topic;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events one task attempt asked to publish once it succeeded for good
 * ({@link dev.lodestone.api.task.TaskContext#publishOnSuccess}): checked when staged, published in the order staged,
 * one write per run of events for the same topic.
 *
 * <p>THREADING: staged by the worker running the attempt; published by whoever learns it succeeded for good, after
 * the attempt ended (a happens-before edge: the worker's reply, or the store of its outcome).
 */
public final class StagedEvents {

    private static final Logger LOG = LoggerFactory.getLogger(StagedEvents.class);

    private final List<Ringbuffer<TopicEvent>> rings = new ArrayList<>(2);
    private final List<TopicEvent> events = new ArrayList<>(2);

    /**
     * Stages {@code payload} for {@code topic}.
     *
     * @throws IllegalArgumentException when the topic is not one of this grid's, or the payload is not of its type
     */
    public <E> void add(Topic<E> topic, E payload) {
        if (!(topic instanceof RingTopic<E> t)) {
            throw new IllegalArgumentException("publishOnSuccess takes a topic from ctx.events(), not a "
                    + (topic == null ? "null" : topic.getClass().getName()));
        }
        TopicEvent e = t.stage(payload);
        rings.add(t.ring());
        events.add(e);
    }

    /** Publishes what was staged, in order; a failure is logged with the task's name, as nobody waits for it. */
    public void publish(String task) {
        int from = 0;
        while (from < events.size()) {
            Ringbuffer<TopicEvent> ring = rings.get(from);
            int to = from + 1;
            while (to < events.size() && rings.get(to).getName().equals(ring.getName())) {
                to++;
            }
            List<TopicEvent> run = List.copyOf(events.subList(from, to));
            ring.addAllAsync(run, OverflowPolicy.OVERWRITE).whenComplete((seq, error) -> {
                if (error != null) {
                    LOG.warn("{}: publishing {} event(s) it staged on {} failed: {}", task, run.size(), ring.getName(), error.toString());
                }
            });
            from = to;
        }
    }
}
