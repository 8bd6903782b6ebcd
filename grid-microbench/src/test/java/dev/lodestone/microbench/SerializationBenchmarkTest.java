package dev.lodestone.microbench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each form of the sample task reads back equal to what was written, so the benchmark times real round trips. */
class SerializationBenchmarkTest {

    @Test
    void everyFormRoundTripsTheTask() {
        SerializationBenchmark bench = new SerializationBenchmark();
        bench.setUp();

        assertThat(bench.kryo()).isEqualTo(ReserveStock.sample());
        assertThat(bench.kryoSubmitRecord()).isEqualTo(ReserveStock.sample());
        assertThat(bench.hazelcastJava()).isEqualTo(ReserveStock.sample());
        assertThat(((ReserveStockIds) bench.hazelcastIdentified()).toRecord()).isEqualTo(ReserveStock.sample());
    }

    @Test
    void sizesNameEveryForm() {
        assertThat(SerializationBenchmark.sizes()).containsOnlyKeys("kryo", "kryoSubmitRecord", "hazelcastJava",
                "hazelcastIdentified").allSatisfy((form, bytes) -> assertThat(bytes).as(form).isPositive());
    }
}
