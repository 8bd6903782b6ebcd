package dev.lodestone.bench.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import java.util.AbstractMap;
import org.junit.jupiter.api.Test;

/** The baseline's tasks travel through Hazelcast's serialization with the factory the members and the client register. */
class HzBenchFactoryTest {

    private final SerializationService hazelcast = new DefaultSerializationServiceBuilder()
            .addDataSerializableFactory(HzBenchFactory.FACTORY_ID, new HzBenchFactory()).build();

    @Test
    void theNoopCallableRoundTripsAndAnswersItsKey() throws Exception {
        Data data = hazelcast.toData(new HzNoop(42));
        HzNoop back = hazelcast.toObject(data);
        assertThat(back.call()).isEqualTo(42);
    }

    @Test
    void theProcessorRoundTripsReadsTheValuesLengthAndHasNoBackup() {
        HzNoopProcessor back = hazelcast.toObject(hazelcast.toData(new HzNoopProcessor()));
        assertThat(back.process(new AbstractMap.SimpleEntry<>(1, new byte[16]))).isEqualTo(16);
        assertThat(back.getBackupProcessor()).isNull();
    }

    @Test
    void anUnknownIdIsRefusedNamingIt() {
        assertThatThrownBy(() -> new HzBenchFactory().create(99)).hasMessageContaining("99");
    }
}
