package dev.lodestone.runtime.events;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.lodestone.api.events.MapUpdate;
import dev.lodestone.api.events.UpdateKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a map's changes on its update topic. Hazelcast creates one on every member, by class name, from the
 * map's configuration (a local listener: it hears only the keys this member owns), so members that join later
 * publish too.
 *
 * <p>Runs on Hazelcast's event threads, which keep one key's events on one thread in order; each change is added to
 * the topic before the next is taken, so a key's changes keep their order in the topic.
 *
 * <p>THREADING: called by Hazelcast's event threads; the instance is set once, before the first event.
 */
public final class MapUpdatePublisher implements EntryAddedListener<Object, Object>, EntryUpdatedListener<Object, Object>,
        EntryRemovedListener<Object, Object>, EntryExpiredListener<Object, Object>, EntryEvictedListener<Object, Object>,
        HazelcastInstanceAware {

    private static final Logger LOG = LoggerFactory.getLogger(MapUpdatePublisher.class);
    /** Attribute under which members carry their Lodestone name. */
    private static final String ATTR_NAME = "lodestone.name";

    private volatile HazelcastInstance hz;
    private volatile String member;

    /** For Hazelcast, which makes it by class name. */
    public MapUpdatePublisher() {
    }

    /** The ringbuffer name of a map's update topic. */
    public static String ringOf(String mapName) {
        return RingEventBus.PREFIX + "__map." + mapName;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.hz = instance;
        String name = instance.getCluster().getLocalMember().getAttribute(ATTR_NAME);
        this.member = name == null ? instance.getName() : name;
    }

    @Override
    public void entryAdded(EntryEvent<Object, Object> e) {
        publish(e, UpdateKind.ADDED, null, e.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<Object, Object> e) {
        publish(e, UpdateKind.UPDATED, e.getOldValue(), e.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<Object, Object> e) {
        publish(e, UpdateKind.REMOVED, e.getOldValue(), null);
    }

    @Override
    public void entryExpired(EntryEvent<Object, Object> e) {
        publish(e, UpdateKind.EXPIRED, e.getOldValue(), null);
    }

    @Override
    public void entryEvicted(EntryEvent<Object, Object> e) {
        publish(e, UpdateKind.EVICTED, e.getOldValue(), null);
    }

    private void publish(EntryEvent<Object, Object> e, UpdateKind kind, Object oldValue, Object newValue) {
        HazelcastInstance instance = hz;
        if (instance == null) {
            return;
        }
        MapUpdate<Object, Object> update = new MapUpdate<>(e.getName(), e.getKey(), kind, oldValue, newValue);
        TriggerRegistry triggers = TriggerRegistry.of(instance);
        if (triggers != null) {
            triggers.fire(update); // first: a recorded run is durable, an event is not
        }
        try {
            instance.getRingbuffer(ringOf(e.getName())).add(new TopicEvent(System.currentTimeMillis(), member, update));
        } catch (RuntimeException ex) { // never throw into Hazelcast's event thread; say what was not published
            LOG.warn("member {}: the {} of key {} in map '{}' could not be published on its update topic: {}", member, kind,
                    e.getKey(), e.getName(), ex.toString());
        }
    }
}
