package dev.lodestone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestone.api.ConnectOptions;
import dev.lodestone.api.Grid;
import dev.lodestone.api.GridConnectException;
import dev.lodestone.api.Lodestone;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to the scripts and the client: each fails fast, with a non-zero exit code and a message that
 * names what was wrong. No member is expected to come up here; any that does is killed at the end.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScriptErrorsIT {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private static Scripts scripts;

    @BeforeAll
    static void scripts() {
        scripts = new Scripts(dir, "it-errors-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterAll
    static void killAnythingStarted() {
        if (scripts != null) {
            scripts.close();
        }
    }

    @Test
    void anUnknownFlagExits2AndNamesTheFlag() {
        Scripts.Result r = scripts.run(SCRIPT_TIMEOUT, "start-member", "--bogus");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
        assertThat(r.output()).as(r.describe()).contains("--bogus");
    }

    @Test
    void aBadValueInLodestonePropertiesStopsTheMemberNamingTheFileLineAndKey() throws Exception {
        Path conf = badConfig();
        String[] args = {"--config", conf.toString(), "--name", "bad", "--cluster-name", scripts.clusterName(), "--port",
            Integer.toString(Scripts.freePort())};

        Scripts.Result foreground = scripts.run(SCRIPT_TIMEOUT, "start-member", args);
        assertThat(foreground.exitCode()).as(foreground.describe()).isNotZero();
        assertThat(foreground.output()).as(foreground.describe()).contains("lodestone.properties:2").contains("worker.threads")
                .contains("-3");
        assertThat(scripts.runDir().resolve("bad.pid")).doesNotExist();

        // --daemon: the script notices the member died, says so and shows the end of its log
        String[] daemonArgs = new String[args.length + 1];
        daemonArgs[0] = "--daemon";
        System.arraycopy(args, 0, daemonArgs, 1, args.length);
        Scripts.Result daemon = scripts.run(SCRIPT_TIMEOUT, "start-member", daemonArgs);
        assertThat(daemon.exitCode()).as(daemon.describe()).isEqualTo(1);
        assertThat(daemon.output()).as(daemon.describe()).contains("failed to start").contains("lodestone.properties:2")
                .contains("worker.threads");
        assertThat(daemon.took()).as("a member that fails at once is reported at once, not after the start timeout")
                .isLessThan(Duration.ofSeconds(30));
        assertThat(scripts.runDir().resolve("bad.pid")).doesNotExist();
    }

    @Test
    void stoppingAMemberThatDoesNotExistExits1NamingIt() {
        Scripts.Result r = scripts.run(SCRIPT_TIMEOUT, "stop-member", "--name", "nosuch");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.output()).as(r.describe()).contains("nosuch");
    }

    @Test
    void aClientFailsWithinItsConnectTimeoutWhenNoMemberListensNamingTheAddress() {
        String address = "127.0.0.1:" + Scripts.freePort();
        Duration connectTimeout = Duration.ofSeconds(3);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> {
            try (Grid unexpected = Lodestone.connect(ConnectOptions.of(address).withClusterName(scripts.clusterName())
                    .withConnectTimeout(connectTimeout))) {
                throw new AssertionError("connected to " + unexpected.cluster().members() + " at " + address);
            }
        }).isInstanceOfSatisfying(GridConnectException.class, e -> assertThat(e.addressesTried()).containsExactly(address))
                .hasMessageContaining(address);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        // the connect timeout, plus the time to set up (and tear down) a Hazelcast client in this JVM
        assertThat(took).as("time to fail").isLessThan(connectTimeout.plusSeconds(5));
    }

    /** conf/ copied, with lodestone.properties saying {@code worker.threads = -3} on line 2. */
    private static Path badConfig() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("bad-conf"));
        for (String f : new String[] {"hazelcast.yaml", "logback.xml", "jvm.options"}) {
            Files.copy(Scripts.HOME.resolve("conf").resolve(f), conf.resolve(f));
        }
        Files.writeString(conf.resolve("lodestone.properties"), "# line 1 is a comment\nworker.threads = -3\n",
                StandardCharsets.UTF_8);
        return conf;
    }
}
