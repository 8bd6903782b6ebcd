package dev.lodestone.runtime.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.Pool;
import dev.lodestone.runtime.events.TopicEvent;
import dev.lodestone.runtime.job.ClaimTask;
import dev.lodestone.runtime.job.FinishTask;
import dev.lodestone.runtime.job.JobRecord;
import dev.lodestone.runtime.job.JobTaskKey;
import dev.lodestone.runtime.job.NeedsRun;
import dev.lodestone.runtime.job.StoredTask;
import dev.lodestone.runtime.job.TaskSummary;
import dev.lodestone.runtime.job.TasksOfJob;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Kryo for tasks, results, events and map values: one configuration, pooled instances.
 *
 * <p>Design: Kryo instances are not thread-safe and costly to build. Each thread that encodes or decodes
 * keeps one, with its own Input and Output, in a thread-local slot: the hot path (a member's reader and
 * workers, a client's reader) then allocates nothing per call but the bytes it returns, where borrowing
 * from a pool cost a queue node per return and a new Input per decode. A call made while the thread's
 * slot is in use (a serializer that encodes inside an encode) borrows from a pool instead. Registration is required, so an
 * unregistered class fails in the JVM that tries to send it, naming the class, rather than sending
 * its name on every message. Lodestone's own ids are below {@link dev.lodestone.api.serial.TypeRegistry#FIRST_USER_ID}.
 *
 * <p>THREADING: thread-safe.
 */
public final class KryoCodec {

    private static final int POOL_SIZE = 64;
    private static final int INITIAL_BUFFER = 256;

    private final TypeRegistrations registrations;
    private final Pool<Kryo> kryos;
    private final Pool<Output> outputs;
    private final ThreadLocal<Slot> slots = ThreadLocal.withInitial(() -> new Slot(newKryo()));

    private static final byte[] NO_BYTES = new byte[0];

    /** One thread's Kryo with its buffers; {@code busy} while a call of that thread uses them. Owned by that thread. */
    private static final class Slot {
        final Kryo kryo;
        final Input input = new Input();
        final Output output = new Output(INITIAL_BUFFER, -1);
        boolean busy;

        Slot(Kryo kryo) {
            this.kryo = kryo;
        }
    }

    /** A codec for these user registrations. */
    public KryoCodec(TypeRegistrations registrations) {
        this.registrations = registrations;
        this.kryos = new Pool<>(true, false, POOL_SIZE) {
            @Override
            protected Kryo create() {
                return newKryo();
            }
        };
        this.outputs = new Pool<>(true, false, POOL_SIZE) {
            @Override
            protected Output create() {
                return new Output(INITIAL_BUFFER, -1);
            }
        };
        newKryo(); // fail at start, not at the first task, when a registration is broken
    }

    /** The user registrations this codec was built with. */
    public TypeRegistrations registrations() {
        return registrations;
    }

    private Kryo newKryo() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        // Objenesis lets records' and immutable classes' instances be created without a no-arg constructor.
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        registerBuiltIns(kryo);
        for (Map.Entry<Integer, Class<?>> e : registrations.byId().entrySet()) {
            kryo.register(e.getValue(), e.getKey());
        }
        return kryo;
    }

    /**
     * JDK types common in tasks and results, each with a Kryo serializer that needs no reflection
     * into java.base; fixed ids so every JVM agrees.
     */
    private static void registerBuiltIns(Kryo kryo) {
        int id = 100;
        for (Class<?> c : new Class<?>[] {
            ArrayList.class, LinkedList.class, HashMap.class, LinkedHashMap.class, TreeMap.class, HashSet.class,
            LinkedHashSet.class, TreeSet.class, ArrayDeque.class, ConcurrentHashMap.class,
            int[].class, long[].class, double[].class, float[].class, short[].class, char[].class, boolean[].class,
            String[].class, Object[].class, Integer[].class, Long[].class, Double[].class,
            BigDecimal.class, BigInteger.class, Instant.class, Duration.class, LocalDate.class,
            LocalDateTime.class, Optional.class,
            Arrays.asList().getClass(), Collections.emptyList().getClass(), Collections.emptyMap().getClass(),
            Collections.emptySet().getClass(), Collections.singletonList(0).getClass(),
            Collections.singletonMap(0, 0).getClass(), Collections.singleton(0).getClass(),
        }) {
            kryo.register(c, id++);
        }
        // Kryo has a serializer for UUID but does not make it the default; without it, reflection on java.util fails.
        kryo.register(UUID.class, new DefaultSerializers.UUIDSerializer(), id++);
        // Kryo's defaults cover these (java.time, Date); they only need an id. Atomics need their serializer named.
        for (Class<?> c : new Class<?>[] {
            LocalTime.class, ZonedDateTime.class, OffsetDateTime.class, Period.class, Date.class,
        }) {
            kryo.register(c, id++);
        }
        kryo.register(AtomicInteger.class, new DefaultSerializers.AtomicIntegerSerializer(), id++);
        kryo.register(AtomicLong.class, new DefaultSerializers.AtomicLongSerializer(), id++);
        kryo.register(AtomicBoolean.class, new DefaultSerializers.AtomicBooleanSerializer(), id++);
        kryo.register(byte[].class, id++);
        // List.of, Set.of and Map.of live in private JDK classes; Kryo ships serializers for them.
        ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
        id = 200;
        for (Object sample : new Object[] {
            java.util.List.of(), java.util.List.of(1), java.util.List.of(1, 2, 3),
            java.util.Set.of(), java.util.Set.of(1), java.util.Set.of(1, 2, 3),
            java.util.Map.of(), java.util.Map.of(1, 1), java.util.Map.of(1, 1, 2, 2, 3, 3),
        }) {
            if (kryo.getClassResolver().getRegistration(sample.getClass()) == null) {
                kryo.register(sample.getClass(), id);
            }
            id++;
        }
        // Durable jobs' entries, processors and queries travel through Hazelcast's global serializer (this codec).
        id = 300;
        for (Class<?> c : new Class<?>[] {
            JobTaskKey.class, StoredTask.class, JobRecord.class, ClaimTask.class, FinishTask.class, TasksOfJob.class,
            NeedsRun.class, TaskSummary.class, TaskSummary.Of.class, TopicEvent.class,
            dev.lodestone.api.events.MapUpdate.class, dev.lodestone.api.events.UpdateKind.class, dev.lodestone.api.data.MapOptions.class,
            dev.lodestone.runtime.events.TriggerRecord.class, dev.lodestone.runtime.events.TriggerRun.class,
            dev.lodestone.api.events.TaskEvent.class, dev.lodestone.api.events.TaskEventKind.class, dev.lodestone.api.task.TaskId.class,
            dev.lodestone.api.task.Priority.class, dev.lodestone.runtime.job.JobTally.class, dev.lodestone.runtime.job.TallyStep.class,
            dev.lodestone.runtime.job.CountOutcomes.class, dev.lodestone.runtime.job.FinishTally.class,
            dev.lodestone.runtime.job.Unfinished.class, dev.lodestone.api.events.JobEvent.class,
            dev.lodestone.api.events.JobEventKind.class, dev.lodestone.api.events.TaskResult.class,
            dev.lodestone.runtime.events.Dropped.class,
        }) {
            kryo.register(c, id++);
        }
    }

    /**
     * Writes {@code value} (class and object) to a new byte array.
     *
     * @throws NotSerializableValueException when its class, or a class it holds, is not registered or cannot be written
     */
    public byte[] encode(Object value) {
        Slot slot = slots.get();
        if (slot.busy) {
            return encodePooled(value);
        }
        slot.busy = true;
        Output out = slot.output;
        try {
            out.reset();
            slot.kryo.writeClassAndObject(out, value);
            return out.toBytes();
        } catch (KryoException | IllegalArgumentException e) {
            throw new NotSerializableValueException(value == null ? "null" : value.getClass().getName(), explain(e), e);
        } finally {
            if (out.getBuffer().length > 1 << 20) {
                out.setBuffer(new byte[INITIAL_BUFFER], -1); // do not pin a huge buffer to the thread
            }
            slot.busy = false;
        }
    }

    private byte[] encodePooled(Object value) {
        Kryo kryo = kryos.obtain();
        Output out = outputs.obtain();
        try {
            out.reset();
            kryo.writeClassAndObject(out, value);
            return out.toBytes();
        } catch (KryoException | IllegalArgumentException e) {
            throw new NotSerializableValueException(value == null ? "null" : value.getClass().getName(), explain(e), e);
        } finally {
            if (out.getBuffer().length > 1 << 20) {
                out.setBuffer(new byte[INITIAL_BUFFER], -1); // do not pin a huge buffer in the pool
            }
            outputs.free(out);
            kryos.free(kryo);
        }
    }

    /** Reads a value written by {@link #encode}. */
    public Object decode(byte[] bytes, int offset, int length) {
        Slot slot = slots.get();
        if (slot.busy) {
            return decodePooled(bytes, offset, length);
        }
        slot.busy = true;
        Input in = slot.input;
        try {
            in.setBuffer(bytes, offset, length);
            return slot.kryo.readClassAndObject(in);
        } catch (KryoException | IllegalArgumentException e) {
            throw new NotSerializableValueException("(incoming value)", explain(e), e);
        } finally {
            in.setBuffer(NO_BYTES); // do not pin the caller's array to the thread
            slot.busy = false;
        }
    }

    private Object decodePooled(byte[] bytes, int offset, int length) {
        Kryo kryo = kryos.obtain();
        try {
            return kryo.readClassAndObject(new Input(bytes, offset, length));
        } catch (KryoException | IllegalArgumentException e) {
            throw new NotSerializableValueException("(incoming value)", explain(e), e);
        } finally {
            kryos.free(kryo);
        }
    }

    /** Reads a value written by {@link #encode}. */
    public Object decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    private static final String NOT_REGISTERED = "Class is not registered: ";

    /** Kryo wraps the error of a nested value (and adds its serialization trace): find the registration error anywhere. */
    private static String explain(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage());
            int at = m.indexOf(NOT_REGISTERED);
            if (at >= 0) {
                int end = at + NOT_REGISTERED.length();
                while (end < m.length() && !Character.isWhitespace(m.charAt(end))) {
                    end++;
                }
                String cls = m.substring(at + NOT_REGISTERED.length(), end);
                return "class " + cls + " is not registered with Lodestone's serializer: register it in a TypeRegistrar"
                        + " (dev.lodestone.api.serial) listed in META-INF/services, on the client and every member";
            }
        }
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
