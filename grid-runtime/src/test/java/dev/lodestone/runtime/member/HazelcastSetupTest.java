package dev.lodestone.runtime.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.lodestone.runtime.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HazelcastSetupTest {

    private static final Path SHIPPED = Path.of("../conf/hazelcast.yaml");

    private static final List<String> YAML = List.of(
            "# Lodestone member",                  // 1
            "hazelcast:",                           // 2
            "  cluster-name: dev",                  // 3
            "  network:",                           // 4
            "    # the member's own port",          // 5
            "    port:",                            // 6
            "      auto-increment: true",           // 7
            "",                                     // 8
            "      port: 5701",                     // 9
            "    join:",                            // 10
            "      tcp-ip:",                        // 11
            "        member-list:",                 // 12
            "          - 127.0.0.1",                // 13
            "# a comment at column 0 inside the section", // 14
            "  map:",                               // 15
            "    - name: orders",                   // 16
            "      backup-count: 2",                // 17
            "  serialization:",                     // 18
            "    port: 1");                         // 19

    private static int lineOf(String... path) {
        return HazelcastSetup.lineOf(YAML, path);
    }

    @TempDir
    Path dir;

    @Test
    void lineOfFollowsIndentationPastCommentsAndBlankLines() {
        assertThat(lineOf("hazelcast")).isEqualTo(2);
        assertThat(lineOf("hazelcast", "cluster-name")).isEqualTo(3);
        assertThat(lineOf("hazelcast", "network", "port")).isEqualTo(6);
        assertThat(lineOf("hazelcast", "network", "port", "port")).isEqualTo(9);
        assertThat(lineOf("network", "port", "port")).as("the path in Hazelcast's messages starts below hazelcast:").isEqualTo(9);
        assertThat(lineOf("hazelcast", "network", "join", "tcp-ip", "member-list")).isEqualTo(12);
    }

    @Test
    void lineOfReadsListItemsAsKeys() {
        assertThat(lineOf("hazelcast", "map", "name")).isEqualTo(16);
        assertThat(lineOf("hazelcast", "map", "backup-count")).isEqualTo(17);
    }

    @Test
    void lineOfReturnsTheDeepestKeyFoundWithoutLeavingItsSection() {
        assertThat(lineOf("hazelcast", "network", "port", "port-count")).as("missing leaf: its parent").isEqualTo(6);
        // "port:" on line 19 is under serialization, not under network.join
        assertThat(lineOf("hazelcast", "network", "join", "port")).isEqualTo(10);
        assertThat(lineOf("hazelcast", "nothing-here")).isEqualTo(2);
        assertThat(lineOf("not-a-root")).isZero();
        assertThat(HazelcastSetup.lineOf(List.of(), new String[] {"hazelcast"})).isZero();
    }

    @Test
    void lineOfDoesNotTakeAKeyForItsPrefix() {
        assertThat(HazelcastSetup.lineOf(List.of("a:", "  port-count: 3", "  port: 1"), new String[] {"a", "port"})).isEqualTo(3);
    }

    private Path write(String name, String... lines) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, List.of(lines));
        return p;
    }

    private Path badPort() throws Exception {
        return write("bad-port.yaml",
                "hazelcast:",
                "  cluster-name: x",
                "  network:",
                "    port:",
                "      port: notanumber");
    }

    @Test
    void aValueHazelcastRejectsFailsNamingTheFile() throws Exception {
        Path yaml = badPort();
        assertThatThrownBy(() -> HazelcastSetup.load(yaml))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> System.out.println("HazelcastSetup.load(bad port) says: " + e.getMessage()))
                .hasMessageStartingWith(yaml.toString())
                .hasMessageContaining("Hazelcast rejected the configuration")
                .hasMessageContaining("Integer");
    }

    /**
     * Hazelcast's schema violation keeps the offending path out of getMessage() (it is in toString()
     * and getInstanceLocation()), so HazelcastSetup.located never finds a line.
     */
    @Test
    void aValueHazelcastRejectsFailsNamingTheKeyAndItsLine() throws Exception {
        Path yaml = badPort();
        assertThatThrownBy(() -> HazelcastSetup.load(yaml))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.key()).isEqualTo("network.port.port");
                    assertThat(e.getMessage()).startsWith(yaml + ":5: network.port.port");
                });
    }

    @Test
    void aMissingFileIsAConfigErrorNamingIt() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> HazelcastSetup.load(missing)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("not found");
    }

    @Test
    void theShippedFileLoadsWithLodestonesDefaults() {
        assertThat(SHIPPED).isRegularFile();
        Config config = HazelcastSetup.load(SHIPPED);
        assertThat(config.getClusterName()).isEqualTo("lodestone");
        assertThat(config.getMapConfig("default").getBackupCount()).isEqualTo(1);
        assertThat(config.getProperty("hazelcast.partition.count")).isEqualTo("271");
        JoinConfig join = config.getNetworkConfig().getJoin();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(5701);
        // forced whatever the file says
        assertThat(config.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.logging.type")).isEqualTo("slf4j");
    }

    @Test
    void theShippedFileBindsTheTaskChannelToLoopback() {
        assertThat(HazelcastSetup.taskBindHost(HazelcastSetup.load(SHIPPED))).isEqualTo("127.0.0.1");
    }

    @Test
    void overridesReplaceWhatTheFileSays() {
        Config config = HazelcastSetup.load(SHIPPED);
        HazelcastSetup.applyOverrides(config, new MemberOverrides("prod", 6000, List.of("10.0.0.1:6000", "10.0.0.2:6000"),
                "203.0.113.7:6000", "10.0.0.1"));
        NetworkConfig net = config.getNetworkConfig();
        assertThat(config.getClusterName()).isEqualTo("prod");
        assertThat(net.getPort()).isEqualTo(6000);
        assertThat(net.isPortAutoIncrement()).isTrue();
        assertThat(net.getPublicAddress()).isEqualTo("203.0.113.7:6000");
        assertThat(net.getInterfaces().isEnabled()).isTrue();
        assertThat(net.getInterfaces().getInterfaces()).containsExactly("10.0.0.1");
        assertThat(net.getJoin().getTcpIpConfig().isEnabled()).isTrue();
        assertThat(net.getJoin().getTcpIpConfig().getMembers()).containsExactly("10.0.0.1:6000", "10.0.0.2:6000");
        assertThat(net.getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(HazelcastSetup.taskBindHost(config)).isEqualTo("10.0.0.1");
    }

    @Test
    void nullOverridesKeepTheFile() {
        Config config = HazelcastSetup.load(SHIPPED);
        HazelcastSetup.applyOverrides(config, new MemberOverrides(null, null, null, null, null));
        assertThat(config.getClusterName()).isEqualTo("lodestone");
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(5701);
        assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
        assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    }

    @Test
    void theTaskChannelBindsEverywhereUnlessHazelcastIsToldOneExactInterface() throws Exception {
        Config bindAny = HazelcastSetup.load(write("any.yaml", "hazelcast:", "  network:", "    interfaces:", "      enabled: true",
                "      interfaces:", "        - 10.0.0.5"));
        assertThat(HazelcastSetup.taskBindHost(bindAny)).as("hazelcast.socket.bind.any defaults to true").isEqualTo("0.0.0.0");

        Config wildcard = HazelcastSetup.load(SHIPPED);
        HazelcastSetup.applyOverrides(wildcard, new MemberOverrides(null, null, null, null, "10.0.*.*"));
        assertThat(HazelcastSetup.taskBindHost(wildcard)).isEqualTo("0.0.0.0");

        Config range = HazelcastSetup.load(SHIPPED);
        HazelcastSetup.applyOverrides(range, new MemberOverrides(null, null, null, null, "10.0.0.1-9"));
        assertThat(HazelcastSetup.taskBindHost(range)).isEqualTo("0.0.0.0");
    }

    @Test
    void anEmbeddedConfigIsSelfContainedOnLoopback() {
        Config c = HazelcastSetup.embedded("emb-1", 5999, List.of("127.0.0.1:5999"), 7, 0);
        assertThat(c.getClusterName()).isEqualTo("emb-1");
        assertThat(c.getProperty("hazelcast.partition.count")).isEqualTo("7");
        assertThat(c.getNetworkConfig().isPortAutoIncrement()).isFalse();
        assertThat(c.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(c.getMapConfig("default").getBackupCount()).isZero();
        assertThat(HazelcastSetup.taskBindHost(c)).isEqualTo("127.0.0.1");
    }
}
