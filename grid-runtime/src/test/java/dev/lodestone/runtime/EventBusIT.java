package dev.lodestone.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestone.api.ConnectOptions;
import dev.lodestone.api.EmbeddedOptions;
import dev.lodestone.api.events.Event;
import dev.lodestone.api.events.MapUpdate;
import dev.lodestone.api.events.SubscribeOptions;
import dev.lodestone.api.events.Subscriber;
import dev.lodestone.api.events.Subscription;
import dev.lodestone.api.events.Topic;
import dev.lodestone.api.events.UpdateKind;
import dev.lodestone.runtime.client.ClientConnector;
import dev.lodestone.runtime.client.GridClient;
import dev.lodestone.runtime.data.MapCatalog;
import dev.lodestone.runtime.embedded.EmbeddedCluster;
import dev.lodestone.runtime.events.RingEventBus;
import dev.lodestone.runtime.member.LodestoneMember;
import dev.lodestone.runtime.serial.KryoCodec;
import dev.lodestone.runtime.serial.TypeRegistrations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Topics of the event bus on real members: one order for every subscriber, and exact counts of what a slow one missed. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EventBusIT {

    private static final int CAPACITY = 100;
    private static EmbeddedCluster cluster;
    private static KryoCodec codec;
    private static GridClient a;
    private static GridClient b;

    @BeforeAll
    static void start() {
        codec = new KryoCodec(TypeRegistrations.fromClassPath(EventBusIT.class.getClassLoader()));
        cluster = EmbeddedCluster.start(EmbeddedOptions.members(2).withPartitions(31).withWorkerThreads(2), codec,
                s -> s.withOverride("events.capacity", Integer.toString(CAPACITY), "test"));
        ConnectOptions o = new ConnectOptions(cluster.addresses(), cluster.clusterName(), Duration.ofSeconds(30));
        a = ClientConnector.connect(o, codec, () -> { });
        b = ClientConnector.connect(o, codec, () -> { });
    }

    @AfterAll
    static void stop() {
        for (GridClient c : new GridClient[] {a, b}) {
            if (c != null) {
                c.close();
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The event bus as a member sees it. */
    private static RingEventBus memberBus(LodestoneMember member) {
        return new RingEventBus(member.hazelcast(), member.name(), codec, new MapCatalog(member.hazelcast()));
    }

    /** Collects what it receives. */
    private static final class Collect implements Subscriber<String> {
        final List<Long> sequences = new CopyOnWriteArrayList<>();
        final List<String> payloads = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(Event<String> e) {
            sequences.add(e.sequence());
            payloads.add(e.payload());
        }
    }

    @Test
    void subscribersOnTwoClientsAndAMemberSeeTheSameEventsInTheSameOrder() {
        Topic<String> onA = a.events().topic("order", String.class);
        LodestoneMember member = cluster.members().get(1);
        Topic<String> onMember = memberBus(member).topic("order", String.class);
        List<Collect> collectors = List.of(new Collect(), new Collect(), new Collect());
        List<Subscription> subs = List.of(onA.subscribe(collectors.get(0)),
                b.events().topic("order", String.class).subscribe(collectors.get(1)), onMember.subscribe(collectors.get(2)));
        int n = 90; // within the capacity: nobody may miss anything
        for (int i = 0; i < n; i++) {
            (i % 3 == 0 ? onMember : onA).publish("e" + i);
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> collectors.stream().allMatch(c -> c.payloads.size() == n));
        for (Collect c : collectors) {
            assertThat(c.payloads).isEqualTo(collectors.get(0).payloads);
            assertThat(c.sequences).isEqualTo(collectors.get(0).sequences);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add("e" + i);
        }
        assertThat(collectors.get(0).payloads).isEqualTo(expected); // one publisher thread here, so publication order
        for (int i = 1; i < n; i++) {
            assertThat(collectors.get(0).sequences.get(i)).isEqualTo(collectors.get(0).sequences.get(i - 1) + 1);
        }
        subs.forEach(s -> assertThat(s.missed()).isZero());
        subs.forEach(Subscription::close);
    }

    @Test
    void aSlowSubscriberIsToldExactlyHowManyItMissedAndHoldsUpNobody() throws Exception {
        Topic<String> topic = a.events().topic("slow", String.class);
        assertThat(topic.capacity()).isEqualTo(CAPACITY);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> seen = new CopyOnWriteArrayList<>();
        AtomicLong toldMissed = new AtomicLong();
        Subscription slow = topic.subscribe(new Subscriber<>() {
            @Override
            public void onEvent(Event<String> e) {
                seen.add(e.sequence());
                try {
                    release.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void onMissed(long count, long fromSequence) {
                toldMissed.addAndGet(count);
            }
        });
        Collect fast = new Collect();
        Subscription quick = b.events().topic("slow", String.class).subscribe(fast, SubscribeOptions.defaults().withBatch(1_000));
        int n = 1_000;
        for (int i = 0; i < n; i++) {
            topic.publish("p" + i);
        }
        // the fast subscriber keeps up while the slow one is stuck in its first event
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> fast.payloads.size() + quick.missed() == n);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 1); // stuck in its first event
        assertThat(seen).hasSize(1);
        release.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> slow.delivered() + slow.missed() == n);
        assertThat(slow.missed()).as("the slow one lagged ten times the capacity").isPositive();
        assertThat(toldMissed.get()).isEqualTo(slow.missed());
        assertThat(seen).hasSize((int) slow.delivered()).isSorted().doesNotHaveDuplicates();
        assertThat(seen.get(seen.size() - 1)).isEqualTo(seen.get(0) + n - 1);
        System.out.printf("slow subscriber (capacity %d, %d published while it was stuck): %d delivered, told %d missed;"
                + " fast subscriber: %d delivered, %d missed%n", CAPACITY, n, slow.delivered(), toldMissed.get(), fast.payloads.size(),
                quick.missed());
        slow.close();
        quick.close();
    }

    @Test
    void mapUpdatesReachSubscribersOnAClientAndAMemberInTheSameOrderPerKey() {
        dev.lodestone.api.data.GridMap<Integer, String> prices = a.createMap("prices",
                dev.lodestone.api.data.MapOptions.defaults().withUpdateEvents());
        LodestoneMember member = cluster.members().get(0);
        List<List<MapUpdate<Integer, String>>> seen = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        Subscription onClient = b.events().<Integer, String>mapUpdates("prices").subscribe(e -> seen.get(0).add(e.payload()));
        Subscription onMember = memberBus(member).<Integer, String>mapUpdates("prices")
                .subscribe(e -> seen.get(1).add(e.payload()));
        int keys = 30; // 90 changes: within the test's capacity of 100
        for (int k = 0; k < keys; k++) {
            prices.put(k, "a" + k);
        }
        for (int k = 0; k < keys; k++) {
            prices.put(k, "b" + k);
        }
        for (int k = 0; k < keys; k++) {
            prices.remove(k);
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> seen.get(0).size() == 3 * keys && seen.get(1).size() == 3 * keys);
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
        for (int k = 0; k < keys; k++) {
            int key = k;
            List<MapUpdate<Integer, String>> ofKey = seen.get(0).stream().filter(u -> u.key() == key).toList();
            assertThat(ofKey).containsExactly(new MapUpdate<>("prices", k, UpdateKind.ADDED, null, "a" + k),
                    new MapUpdate<>("prices", k, UpdateKind.UPDATED, "a" + k, "b" + k),
                    new MapUpdate<>("prices", k, UpdateKind.REMOVED, "b" + k, null));
        }
        assertThat(onClient.missed()).isZero();
        onClient.close();
        onMember.close();

        List<MapUpdate<Integer, String>> removals = new CopyOnWriteArrayList<>();
        Subscription filtered = b.events().<Integer, String>mapUpdates("prices").subscribe(e -> removals.add(e.payload()),
                SubscribeOptions.defaults(), u -> u.kind() == UpdateKind.REMOVED && u.key() % 2 == 0);
        for (int k = 0; k < 10; k++) {
            prices.put(k, "c" + k);
            prices.remove(k);
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> filtered.delivered() + filtered.filtered() == 20);
        assertThat(removals).extracting(MapUpdate::key).containsExactlyInAnyOrder(0, 2, 4, 6, 8); // order is per key only
        assertThat(filtered.filtered()).isEqualTo(15);
        filtered.close();

        a.createMap("quiet");
        assertThatThrownBy(() -> a.events().mapUpdates("quiet")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("withUpdateEvents");
        assertThatThrownBy(() -> a.events().mapUpdates("nosuchmap")).isInstanceOf(dev.lodestone.api.NoSuchMapException.class);
        assertThatThrownBy(() -> a.events().<Integer, String>mapUpdates("prices").publish(null))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("members that own its keys");
    }

    @Test
    void publishAllWritesABatchInOrderWithConsecutiveSequences() {
        Topic<String> topic = a.events().topic("batch", String.class);
        Collect c = new Collect();
        Subscription s = b.events().topic("batch", String.class).subscribe(c);
        List<String> batch = List.of("x0", "x1", "x2", "x3", "x4");
        long last = topic.publishAll(batch);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> c.payloads.size() == batch.size());
        assertThat(c.payloads).isEqualTo(batch);
        assertThat(c.sequences).containsExactly(last - 4, last - 3, last - 2, last - 1, last);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Topic<Object> raw = (Topic) topic;
        assertThatThrownBy(() -> raw.publishAll(List.of("ok", 7))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payload 1 is java.lang.Integer").hasMessageContaining("nothing was published");
        assertThatThrownBy(() -> topic.publishAll(List.of())).isInstanceOf(IllegalArgumentException.class);
        s.close();
    }

    @Test
    void badTopicsAndPayloadsAreRefused() {
        assertThatThrownBy(() -> a.events().topic("__x", String.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> a.events().topic(" ", String.class)).isInstanceOf(IllegalArgumentException.class);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Topic<Object> raw = (Topic) a.events().topic("typed", String.class);
        assertThatThrownBy(() -> raw.publish(42)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("carries java.lang.String, not java.lang.Integer");
        Topic<Object> any = a.events().topic("any", Object.class);
        assertThatThrownBy(() -> any.publish(new dev.lodestone.runtime.testtasks.Unregistered(1)))
                .isInstanceOf(dev.lodestone.api.GridException.class).hasMessageContaining("topic 'any'")
                .hasMessageContaining(dev.lodestone.runtime.testtasks.Unregistered.class.getName());
    }
}
