package dev.lodestone.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.YamlConfigBuilder;
import dev.lodestone.bench.tasks.HzBenchFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settings reach the members' configuration and the baseline's client, the same on both. */
class HazelcastTuningTest {

    private static final String CONF = "hazelcast:\n  cluster-name: x\n  properties:\n    hazelcast.partition.count: 271\n";

    private static Params params(String... args) {
        List<Option> options = new ArrayList<>(BenchMain.COMMON);
        options.addAll(HazelcastTuning.options());
        return Params.parse("throughput", options, args);
    }

    private static Config load(String yaml) {
        return new YamlConfigBuilder(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).build();
    }

    @Test
    void byDefaultEachMemberGetsItsShareOfTheCoresOneIoThreadEachWayAndAnExecutorOfItsWorkers() {
        HazelcastTuning t = HazelcastTuning.of(params(), 4, 2, 3);
        Config c = load(t.applyTo(CONF));

        assertThat(c.getProperty("hazelcast.operation.thread.count")).isEqualTo("2");
        assertThat(c.getProperty("hazelcast.operation.generic.thread.count")).isEqualTo("2");
        assertThat(c.getProperty("hazelcast.io.input.thread.count")).isEqualTo("1");
        assertThat(c.getProperty("hazelcast.io.output.thread.count")).isEqualTo("1");
        assertThat(c.getProperty("hazelcast.operation.response.thread.count")).isEqualTo("1");
        assertThat(c.getProperty("hazelcast.partition.count")).isEqualTo("271");
        assertThat(c.getExecutorConfig(HazelcastTuning.EXECUTOR).getPoolSize()).isEqualTo(3);
        assertThat(c.getSerializationConfig().getDataSerializableFactoryClasses())
                .containsEntry(HzBenchFactory.FACTORY_ID, HzBenchFactory.class.getName());
        assertThat(t.describe()).contains("operation.thread.count=2").contains("executor pool-size=3");
    }

    @Test
    void theOptionsOverrideTheDefaults() {
        HazelcastTuning t = HazelcastTuning.of(params("--hz-partition-threads", "3", "--hz-io-threads", "2",
                "--hz-executor-threads", "8"), 2, 2, 1);
        Config c = load(t.applyTo(CONF));
        assertThat(c.getProperty("hazelcast.operation.thread.count")).isEqualTo("3");
        assertThat(c.getProperty("hazelcast.io.input.thread.count")).isEqualTo("2");
        assertThat(c.getExecutorConfig(HazelcastTuning.EXECUTOR).getPoolSize()).isEqualTo(8);
    }

    @Test
    void untunedLeavesHazelcastsThreadDefaultsAndItsExecutorPoolOf16() {
        HazelcastTuning t = HazelcastTuning.of(params("--hz-untuned"), 2, 2, 1);
        Config c = load(t.applyTo(CONF));
        assertThat(c.getProperty("hazelcast.operation.thread.count")).isNull();
        assertThat(c.getExecutorConfig(HazelcastTuning.EXECUTOR).getPoolSize()).isEqualTo(16);
        assertThat(t.clientProperties()).isEmpty();
    }

    @Test
    void theClientJoinsTheClusterWithTheSameIoSettingsAndTheTasksFactory() {
        ClientConfig cc = HazelcastTuning.of(params(), 2, 2, 1).clientConfig("bench-x", List.of("127.0.0.1:5701"));
        assertThat(cc.getClusterName()).isEqualTo("bench-x");
        assertThat(cc.getNetworkConfig().getAddresses()).containsExactly("127.0.0.1:5701");
        assertThat(cc.getProperty("hazelcast.client.io.input.thread.count")).isEqualTo("1");
        assertThat(cc.getSerializationConfig().getDataSerializableFactories()).containsKey(HzBenchFactory.FACTORY_ID);
    }
}
