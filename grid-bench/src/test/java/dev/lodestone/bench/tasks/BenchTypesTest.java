package dev.lodestone.bench.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestone.runtime.serial.KryoCodec;
import dev.lodestone.runtime.serial.TypeRegistrations;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every task and result of the benchmarks travels: registered (found through META-INF/services) and round-trips. */
class BenchTypesTest {

    @Test
    void theRegistrarIsFoundOnTheClassPathAndRegistersEveryBenchType() {
        TypeRegistrations found = TypeRegistrations.fromClassPath(getClass().getClassLoader());
        assertThat(found.byId().values()).contains(Spin.class, ReadAndSpin.class, Ran.class, MemberFacts.class,
                MemberFacts.Facts.class, Noop.class, Hold.class);
    }

    @Test
    void everyTaskAndResultRoundTrips() {
        KryoCodec codec = new KryoCodec(TypeRegistrations.of(List.of(new BenchTypes())));
        List<Object> values = List.of(new Spin(1_000_000), new ReadAndSpin("bench-locality", 42, 0),
                new Ran("bench-1", 1_500_000, 1_000_000, 1024), new MemberFacts(),
                new MemberFacts.Facts("bench-2", 16, 4L << 30, "17.0.15", "thread-cpu"), new Noop(42), new Hold(1_000));
        for (Object v : values) {
            assertThat(codec.decode(codec.encode(v))).as("round trip of %s", v).isEqualTo(v);
        }
    }
}
