package dev.lodestone.microbench;

import com.esotericsoftware.kryo.io.Input;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import dev.lodestone.api.task.Locality;
import dev.lodestone.api.task.Priority;
import dev.lodestone.runtime.serial.KryoCodec;
import dev.lodestone.runtime.serial.TypeRegistrations;
import dev.lodestone.runtime.transport.Wire;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A typical task ({@link ReserveStock}) written and read back: what a client and a member do to
 * every task, once each. Lodestone's path is its {@link KryoCodec} (pooled Kryo, registration required),
 * alone and inside the SUBMIT record the client sends ({@link Wire#submit}, read back with
 * {@link Wire#readSubmit}); the rivals are Hazelcast's serialization service with its default for a
 * {@link java.io.Serializable} task (Java serialization) and with the {@link ReserveStockIds
 * IdentifiedDataSerializable} form its documentation advises. Hazelcast's service is internal API,
 * built as Hazelcast builds it for a member, with no configuration.
 *
 * <p>Bytes are printed when the benchmark starts and by {@link #main}: every call writes the same bytes,
 * so one measurement of each is the figure.
 *
 * <pre>{@code
 * java -jar grid-microbench/target/microbench.jar SerializationBenchmark
 * java -cp grid-microbench/target/microbench.jar dev.lodestone.microbench.SerializationBenchmark   # bytes only
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SerializationBenchmark {

    /** What a client's SUBMIT record carries around the payload; fixed, as the figures depend on them only through varints. */
    private static final long SEQUENCE = 1_234_567L;
    private static final int PARTITION = 17;

    private KryoCodec codec;
    private InternalSerializationService hazelcast;
    private ReserveStock task;
    private ReserveStockIds taskIds;

    /** Builds the codecs once per run and prints the bytes each writes. */
    @Setup
    public void setUp() {
        codec = kryoCodec();
        hazelcast = hazelcastService();
        task = ReserveStock.sample();
        taskIds = new ReserveStockIds(task);
        System.out.println("# bytes per task: " + sizes());
    }

    /** Lets Hazelcast's service go. */
    @TearDown
    public void tearDown() {
        hazelcast.dispose();
    }

    /** Kryo, as the client encodes a task and the member decodes it. */
    @Benchmark
    public Object kryo() {
        return codec.decode(codec.encode(task));
    }

    /** Kryo inside the client's SUBMIT record: what the client writes and the member reads, per task. */
    @Benchmark
    public Object kryoSubmitRecord() {
        byte[] record = submitRecord(codec, task);
        Input in = new Input(record);
        in.readByte(); // the record type, read by the member's dispatcher before readSubmit
        return codec.decode(Wire.readSubmit(in).payload());
    }

    /** Hazelcast's default for a Serializable task: Java serialization behind toData / toObject. */
    @Benchmark
    public Object hazelcastJava() {
        return hazelcast.toObject(hazelcast.toData(task));
    }

    /** Hazelcast with the task as an IdentifiedDataSerializable: its tuned form. */
    @Benchmark
    public Object hazelcastIdentified() {
        return hazelcast.toObject(hazelcast.toData(taskIds));
    }

    /** The codec the runtime builds, with the benchmark's task registered as a user would register it. */
    static KryoCodec kryoCodec() {
        return new KryoCodec(TypeRegistrations.of(List.of(registry -> registry.register(ReserveStock.class))));
    }

    /** Hazelcast's serialization service with its defaults, plus the factory of the tuned form. */
    static InternalSerializationService hazelcastService() {
        return new DefaultSerializationServiceBuilder()
                .addDataSerializableFactory(ReserveStockIds.FACTORY_ID, ReserveStockIds.FACTORY)
                .build();
    }

    /** The SUBMIT record a client sends for {@code task}: a NORMAL task affine to a partition of map {@code task.map()}. */
    static byte[] submitRecord(KryoCodec codec, ReserveStock task) {
        return Wire.submit(SEQUENCE, 0, Priority.NORMAL.ordinal(), Locality.OWNER.ordinal(), 0, PARTITION, task.map(), 0L,
                codec.encode(task));
    }

    /** Bytes each form of the sample task takes, by benchmark name; Hazelcast's include its 8-byte Data header. */
    static Map<String, Integer> sizes() {
        KryoCodec codec = kryoCodec();
        InternalSerializationService hz = hazelcastService();
        ReserveStock task = ReserveStock.sample();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("kryo", codec.encode(task).length);
        sizes.put("kryoSubmitRecord", submitRecord(codec, task).length);
        sizes.put("hazelcastJava", hz.toData(task).totalSize());
        sizes.put("hazelcastIdentified", hz.toData(new ReserveStockIds(task)).totalSize());
        hz.dispose();
        return sizes;
    }

    /** Prints the bytes per task of each form, for the README's table. */
    public static void main(String[] args) {
        System.out.printf("%-22s %6s%n", "form", "bytes");
        sizes().forEach((name, bytes) -> System.out.printf("%-22s %6d%n", name, bytes));
    }
}
