package dev.lodestone.runtime.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.GlobalSerializerConfig;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import dev.lodestone.runtime.testtasks.TestTypes;
import dev.lodestone.runtime.testtasks.Unregistered;
import dev.lodestone.runtime.testtasks.WhoAmI;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Date;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.ZoneId;
import java.time.Period;
import java.time.OffsetDateTime;
import java.time.LocalTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KryoCodecTest {

    /** A user type: a record holding built-ins and another user record. */
    record Order(UUID id, String customer, List<Line> lines, Map<String, BigDecimal> totals, Instant at, Optional<String> note) {
    }

    record Line(String sku, int quantity, long[] history) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Line l && sku.equals(l.sku) && quantity == l.quantity && Arrays.equals(history, l.history);
        }

        @Override
        public int hashCode() {
            return sku.hashCode() * 31 + quantity;
        }
    }

    /** Registered, but holds a value of an unregistered class. */
    record Holder(Object value) {
    }

    /** Neither registered nor Serializable. */
    static final class Opaque {
        final int x = 1;
    }

    private static final String IMMUTABLE = "java.util.ImmutableCollections$";

    private static KryoCodec plain;
    private static KryoCodec withOrders;
    private static InternalSerializationService hazelcast;

    @BeforeAll
    static void codecs() {
        plain = new KryoCodec(TypeRegistrations.of(List.of()));
        withOrders = new KryoCodec(TypeRegistrations.of(List.of(reg -> {
            reg.register(Order.class);
            reg.register(Line.class, 2001);
            reg.register(Holder.class);
        }, new TestTypes())));
        hazelcastSerialization();
    }

    /** A value whose own serialization calls the codec again on the same thread: the thread's slot is in use then. */
    public static final class Nested implements com.esotericsoftware.kryo.KryoSerializable {
        static KryoCodec codec;
        String inner;

        public Nested() {
        }

        Nested(String inner) {
            this.inner = inner;
        }

        @Override
        public void write(com.esotericsoftware.kryo.Kryo kryo, com.esotericsoftware.kryo.io.Output output) {
            byte[] bytes = codec.encode(inner);
            output.writeVarInt(bytes.length, true);
            output.writeBytes(bytes);
        }

        @Override
        public void read(com.esotericsoftware.kryo.Kryo kryo, com.esotericsoftware.kryo.io.Input input) {
            inner = (String) codec.decode(input.readBytes(input.readVarInt(true)));
        }
    }

    @Test
    void aCallInsideAnotherOnTheSameThreadBorrowsAnotherKryo() {
        KryoCodec codec = new KryoCodec(TypeRegistrations.of(List.of(reg -> reg.register(Nested.class))));
        Nested.codec = codec;

        Object back = codec.decode(codec.encode(List.of(new Nested("inside"), "after")));

        assertThat(back).asList().hasSize(2).element(1).isEqualTo("after");
        assertThat(((Nested) ((List<?>) back).get(0)).inner).isEqualTo("inside");
        assertThat(codec.decode(codec.encode("and the slot is free again"))).isEqualTo("and the slot is free again");
    }

    /** One sample of every JDK type KryoCodec.registerBuiltIns registers, plus the shapes of the immutable factories. */
    static Stream<Object> builtIns() {
        return Stream.of(
                new ArrayList<>(List.of(1, 2, 3)), new LinkedList<>(List.of("a", "b")), new HashMap<>(Map.of("k", 1, "j", 2)),
                linkedHashMap(), new TreeMap<>(Map.of("b", 2, "a", 1)), new HashSet<>(Set.of(1, 2)),
                new LinkedHashSet<>(List.of(3, 1, 2)), new TreeSet<>(Set.of(3, 1, 2)), new ArrayDeque<>(List.of(1, 2)),
                new ConcurrentHashMap<>(Map.of(1, "x")),
                new byte[] {1, -2, 127},
                new int[] {1, -2, Integer.MAX_VALUE}, new long[] {Long.MIN_VALUE, 0}, new double[] {1.5, Double.NaN},
                new float[] {1.25f}, new short[] {-7}, new char[] {'a', 'é'}, new boolean[] {true, false},
                new String[] {"a", null}, new Object[] {"a", 1, List.of(2)}, new Integer[] {1, null}, new Long[] {1L},
                new Double[] {2.5},
                new BigDecimal("12345.6789"), new BigInteger("123456789012345678901234567890"), Instant.ofEpochSecond(1_700_000_000, 123),
                Duration.ofMillis(1_234), LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 2, 29, 23, 59, 58, 1),
                Optional.of("x"), Optional.empty(),
                Arrays.asList(1, 2, 3), Collections.emptyList(), Collections.emptyMap(), Collections.emptySet(),
                Collections.singletonList("one"), Collections.singletonMap("k", "v"), Collections.singleton(7),
                UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                LocalTime.of(13, 14, 15, 16), ZonedDateTime.of(2024, 3, 1, 2, 3, 4, 5, ZoneId.of("Europe/Paris")),
                OffsetDateTime.of(2024, 3, 1, 2, 3, 4, 5, ZoneOffset.ofHours(-5)), Period.of(1, 2, 3),
                new Date(1_700_000_000_123L),
                List.of(), List.of(1), List.of(1, 2), List.of(1, 2, 3), Set.of(), Set.of(1), Set.of(1, 2), Set.of(1, 2, 3),
                Map.of(), Map.of(1, 1), Map.of(1, 1, 2, 2, 3, 3), Stream.of("s").toList(),
                "plain string", 42, 42L, 'c', (byte) 1, (short) 2, true, 1.5f, 2.5d);
    }

    private static Map<String, Integer> linkedHashMap() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("a", 2);
        return m;
    }

    @Test
    void atomicsRoundTripWithTheirValue() {
        assertThat(((AtomicLong) plain.decode(plain.encode(new AtomicLong(-9))))
                .get()).isEqualTo(-9);
        assertThat(((AtomicInteger) plain.decode(plain.encode(new AtomicInteger(7))))
                .get()).isEqualTo(7);
        assertThat(((AtomicBoolean) plain.decode(plain.encode(new AtomicBoolean(true))))
                .get()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("builtIns")
    void everyBuiltInJdkTypeRoundTripsWithItsClassAndContent(Object value) {
        Object back = plain.decode(plain.encode(value));
        if (value instanceof ArrayDeque<?> deque) {
            assertThat(back).isInstanceOfSatisfying(ArrayDeque.class, d -> assertThat(d).containsExactlyElementsOf(deque));
        } else {
            assertThat(back).isEqualTo(value);
        }
        if (value.getClass().getName().startsWith(IMMUTABLE)) {
            // List.of/Set.of/Map.of shapes may narrow (ListN of one element comes back as List12): still immutable
            assertThat(back.getClass().getName()).startsWith(IMMUTABLE);
        } else {
            assertThat(back).hasSameClassAs(value);
        }
        if (value instanceof LinkedHashMap<?, ?> || value instanceof LinkedHashSet<?> || value instanceof TreeMap<?, ?>) {
            assertThat(back).hasToString(value.toString()); // iteration order kept
        }
    }

    @Test
    void immutableFactoriesStayImmutable() {
        List<Integer> list = castList(plain.decode(plain.encode(List.of(1, 2, 3))));
        assertThatThrownBy(() -> list.add(4)).isInstanceOf(UnsupportedOperationException.class);
        Map<?, ?> map = (Map<?, ?>) plain.decode(plain.encode(Map.of(1, 1)));
        assertThatThrownBy(map::clear).isInstanceOf(UnsupportedOperationException.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> castList(Object o) {
        return (List<Integer>) o;
    }

    @Test
    void aUserRecordRegisteredThroughTypeRegistrationsRoundTrips() {
        Order order = new Order(UUID.randomUUID(), "ada", List.of(new Line("A-1", 2, new long[] {5, 6}), new Line("B-2", 1, new long[0])),
                new TreeMap<>(Map.of("net", new BigDecimal("10.50"), "tax", new BigDecimal("2.10"))), Instant.now(), Optional.of("rush"));
        Object back = withOrders.decode(withOrders.encode(order));
        assertThat(back).isInstanceOf(Order.class).isEqualTo(order);
        assertThat(withOrders.decode(withOrders.encode(new WhoAmI()))).isEqualTo(new WhoAmI());
    }

    @Test
    void decodeReadsAWindowOfALargerBuffer() {
        byte[] bytes = withOrders.encode(new Line("x", 3, new long[] {1}));
        byte[] padded = new byte[bytes.length + 10];
        System.arraycopy(bytes, 0, padded, 5, bytes.length);
        assertThat(withOrders.decode(padded, 5, bytes.length)).isEqualTo(new Line("x", 3, new long[] {1}));
    }

    @Test
    void anUnregisteredClassFailsNamingTheClass() {
        assertThatThrownBy(() -> withOrders.encode(new Unregistered(1)))
                .isInstanceOf(NotSerializableValueException.class)
                .hasMessageContaining(Unregistered.class.getName())
                .hasMessageContaining("not registered")
                .hasMessageContaining("TypeRegistrar")
                .satisfies(e -> assertThat(((NotSerializableValueException) e).className()).isEqualTo(Unregistered.class.getName()));
    }

    @Test
    void anUnregisteredClassInsideARegisteredOneIsNamedToo() {
        assertThatThrownBy(() -> withOrders.encode(new Holder(new Unregistered(1))))
                .isInstanceOf(NotSerializableValueException.class)
                .hasMessageStartingWith(Holder.class.getName() + " cannot be serialized")
                .hasMessageContaining(Unregistered.class.getName())
                .hasMessageContaining("not registered");
    }

    /** A result or map value that holds an unregistered class is the common case; it deserves the same hint. */
    @Test
    void anUnregisteredClassInsideARegisteredOneGetsTheRegistrationHint() {
        assertThatThrownBy(() -> withOrders.encode(new Holder(new Unregistered(1))))
                .isInstanceOf(NotSerializableValueException.class)
                .hasMessageContaining("class " + Unregistered.class.getName() + " is not registered with Lodestone's serializer")
                .hasMessageContaining("TypeRegistrar");
    }

    @Test
    void aValueOfAClassTheReaderDoesNotKnowFailsToDecode() {
        byte[] bytes = withOrders.encode(new Line("x", 1, new long[0]));
        assertThatThrownBy(() -> plain.decode(bytes)).isInstanceOf(NotSerializableValueException.class)
                .hasMessageContaining("2001");
    }

    @Test
    void theCodecStillWorksAfterAFailureAndFromManyThreads() throws Exception {
        assertThatThrownBy(() -> withOrders.encode(new Holder(new Opaque()))).isInstanceOf(NotSerializableValueException.class);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 2_000; i++) {
                        Line line = new Line("t" + thread + "-" + i, i, new long[] {thread, i});
                        if (i % 100 == 0) {
                            assertThatThrownBy(() -> withOrders.encode(new Holder(new Opaque())))
                                    .isInstanceOf(NotSerializableValueException.class);
                        }
                        if (withOrders.decode(withOrders.encode(line)).equals(line)) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Integer> f : done) {
                assertThat(f.get()).isEqualTo(2_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------ KryoHazelcastSerializer

    private static void hazelcastSerialization() {
        SerializationConfig config = new SerializationConfig().setGlobalSerializerConfig(new GlobalSerializerConfig()
                .setImplementation(new KryoHazelcastSerializer(withOrders)).setOverrideJavaSerialization(true));
        hazelcast = new DefaultSerializationServiceBuilder().setConfig(config).build();
    }

    @AfterAll
    static void stopHazelcastSerialization() {
        if (hazelcast != null) {
            hazelcast.dispose();
        }
    }

    /** The tag byte KryoHazelcastSerializer writes first: 0 = Kryo, 1 = Java serialization. */
    private static byte tagOf(Data data) {
        assertThat(data.getType()).isEqualTo(KryoHazelcastSerializer.TYPE_ID);
        return data.toByteArray()[8]; // HeapData: partition hash (4), type id (4), then the serializer's bytes
    }

    @Test
    void aRegisteredTypeGoesThroughKryoInHazelcast() {
        Line line = new Line("A-1", 4, new long[] {9});
        Data data = hazelcast.toData(line);
        assertThat(tagOf(data)).isEqualTo((byte) 0);
        Object back = hazelcast.toObject(data);
        assertThat(back).isEqualTo(line);
    }

    @Test
    void anUnregisteredSerializableJdkObjectFallsBackToJavaSerialization() {
        Properties p = new Properties();
        p.setProperty("a", "1");
        Data data = hazelcast.toData(p);
        assertThat(tagOf(data)).isEqualTo((byte) 1);
        Object back = hazelcast.toObject(data);
        assertThat(back).isInstanceOf(Properties.class).isEqualTo(p);
    }

    @Test
    void anUnregisteredNonSerializableObjectFailsInHazelcastWithTheRegistrationHint() {
        assertThatThrownBy(() -> hazelcast.toData(new Opaque()))
                .satisfies(e -> assertThat(chain(e)).anySatisfy(c -> assertThat(c)
                        .isInstanceOf(NotSerializableValueException.class)
                        .hasMessageContaining(Opaque.class.getName())
                        .hasMessageContaining("not registered")));
    }

    private static List<Throwable> chain(Throwable e) {
        List<Throwable> out = new ArrayList<>();
        for (Throwable t = e; t != null && out.size() < 20; t = t.getCause()) {
            out.add(t);
        }
        return out;
    }
}
