package dev.lodestone.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.YamlConfigBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The edits keep the file Hazelcast's: every result is read back with Hazelcast's own YAML loader. */
class HazelcastYamlEditTest {

    /** The shape of conf/hazelcast.yaml. */
    private static final String CONF = """
            # Hazelcast's own configuration
            hazelcast:
              cluster-name: bench-x
              properties:
                # partitions
                hazelcast.partition.count: 271
                hazelcast.io.thread.count: 3
              network:
                port:
                  port: 5701
                join:
                  tcp-ip:
                    enabled: true
                    member-list:
                      - 127.0.0.1
              map:
                default:
                  backup-count: 1
            """;

    private static Config load(String yaml) {
        return new YamlConfigBuilder(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).build();
    }

    @Test
    void setsPropertiesReplacingAKeyThatIsThereAndKeepingTheRest() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("hazelcast.io.thread.count", "1");
        props.put("hazelcast.operation.thread.count", "2");
        String out = HazelcastYamlEdit.setProperties(CONF, props);

        Config c = load(out);
        assertThat(c.getProperty("hazelcast.io.thread.count")).isEqualTo("1");
        assertThat(c.getProperty("hazelcast.operation.thread.count")).isEqualTo("2");
        assertThat(c.getProperty("hazelcast.partition.count")).isEqualTo("271");
        assertThat(c.getClusterName()).isEqualTo("bench-x");
        assertThat(c.getMapConfig("default").getBackupCount()).isEqualTo(1);
        assertThat(out.lines().filter(l -> l.contains("hazelcast.io.thread.count"))).hasSize(1);
        assertThat(out).contains("    # partitions\n").contains("    hazelcast.io.thread.count: 1\n");
    }

    @Test
    void addsAPropertiesSectionWhereThereIsNone() {
        String out = HazelcastYamlEdit.setProperties("hazelcast:\n  cluster-name: x\n", Map.of("hazelcast.io.thread.count", "1"));
        assertThat(out).isEqualTo("hazelcast:\n  cluster-name: x\n  properties:\n    hazelcast.io.thread.count: 1\n");
        assertThat(load(out).getProperty("hazelcast.io.thread.count")).isEqualTo("1");
    }

    @Test
    void addsAnExecutorAndASerializationFactoryCreatingTheirSections() {
        String out = HazelcastYamlEdit.addEntries(CONF, List.of("hazelcast", "executor-service"), List.of("bench:", "  pool-size: 2"));
        out = HazelcastYamlEdit.addEntries(out, List.of("hazelcast", "serialization", "data-serializable-factories"),
                List.of("- factory-id: 77", "  class-name: dev.lodestone.bench.tasks.HzBenchFactory"));

        Config c = load(out);
        assertThat(c.getExecutorConfig("bench").getPoolSize()).isEqualTo(2);
        assertThat(c.getSerializationConfig().getDataSerializableFactoryClasses())
                .containsEntry(77, "dev.lodestone.bench.tasks.HzBenchFactory");
        assertThat(c.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
    }

    @Test
    void addsUnderSectionsTheFileHasAlreadyAtTheirIndent() {
        String yaml = """
                hazelcast:
                    executor-service:
                        theirs:
                            pool-size: 4
                    serialization:
                        data-serializable-factories:
                        - factory-id: 1
                          class-name: com.example.TheirFactory
                """;
        String out = HazelcastYamlEdit.addEntries(yaml, List.of("hazelcast", "executor-service"), List.of("bench:", "  pool-size: 2"));
        out = HazelcastYamlEdit.addEntries(out, List.of("hazelcast", "serialization", "data-serializable-factories"),
                List.of("- factory-id: 77", "  class-name: dev.lodestone.bench.tasks.HzBenchFactory"));

        Config c = load(out);
        assertThat(c.getExecutorConfig("bench").getPoolSize()).isEqualTo(2);
        assertThat(c.getExecutorConfig("theirs").getPoolSize()).isEqualTo(4);
        assertThat(c.getSerializationConfig().getDataSerializableFactoryClasses()).containsOnlyKeys(1, 77);
    }

    @Test
    void refusesAnEntryThatIsThereAlready() {
        String yaml = "hazelcast:\n  executor-service:\n    bench:\n      pool-size: 4\n";
        assertThatThrownBy(() -> HazelcastYamlEdit.addEntries(yaml, List.of("hazelcast", "executor-service"),
                List.of("bench:", "  pool-size: 2"))).isInstanceOf(BenchException.class).hasMessageContaining("'bench'");
    }

    @Test
    void refusesToGuessUnderAKeyWithAnInlineValue() {
        assertThatThrownBy(() -> HazelcastYamlEdit.setProperties("hazelcast:\n  properties: {}\n", Map.of("a", "1")))
                .isInstanceOf(BenchException.class).hasMessageContaining("line 2").hasMessageContaining("{}");
    }
}
