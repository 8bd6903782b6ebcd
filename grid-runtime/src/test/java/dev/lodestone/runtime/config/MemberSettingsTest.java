package dev.lodestone.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemberSettingsTest {

    @TempDir
    Path dir;

    private Path write(String... lines) throws IOException {
        return Files.write(dir.resolve("lodestone.properties"), List.of(lines));
    }

    private static ConfigException loadFails(Path file) {
        try {
            MemberSettings.load(file);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException loading " + file);
    }

    @Test
    void defaults() {
        MemberSettings d = MemberSettings.defaults();
        assertThat(d).isSameAs(MemberSettings.DEFAULTS);
        assertThat(d.memberName()).isEmpty();
        assertThat(d.workerThreads()).isZero();
        assertThat(d.queueCapacity()).isEqualTo(2_000_000);
        assertThat(d.taskPort()).isZero();
        assertThat(d.shutdownGraceSeconds()).isEqualTo(30);
        assertThat(d.statsLogIntervalSeconds()).isZero();
        assertThat(d.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.statsLogInterval()).isZero();
    }

    @Test
    void zeroWorkerThreadsResolvesToTheCoreCount() {
        assertThat(MemberSettings.DEFAULTS.workerThreadsResolved()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(MemberSettings.DEFAULTS.withOverride("worker.threads", "3", "test").workerThreadsResolved()).isEqualTo(3);
    }

    @Test
    void keysAreExactlyTheDocumentedOnes() {
        assertThat(MemberSettings.keys()).containsExactly(
                "member.name", "worker.threads", "queue.capacity", "task.port",
                "shutdown.grace.seconds", "stats.log.interval.seconds", "aging.step.ms", "fair.share.halflife.ms", "locality.wait.ms",
                "steal.enabled", "jobs.backup.count", "jobs.sweep.interval.ms",
                "events.capacity", "events.tasks", "events.results");
        assertThat(MemberSettings.help()).contains(
                "worker.threads (default 0): ", "member.name (default empty): ", "queue.capacity (default 2000000): ");
    }

    @Test
    void goodFileSetsItsValuesAndLeavesTheRestAtDefaults() throws IOException {
        Path file = write(
                "# a comment",
                "",
                "   # an indented comment",
                "member.name = alpha-1",
                "  worker.threads=8  ",
                "task.port =\t7000",
                "stats.log.interval.seconds = 60");

        MemberSettings s = MemberSettings.load(file);

        assertThat(s).isEqualTo(new MemberSettings("alpha-1", 8, 2_000_000, 7000, 30, 60, 500, 1000, 20, true, 1, 10000, 100000, false,
                false));
        assertThat(s.workerThreadsResolved()).isEqualTo(8);
    }

    @Test
    void emptyFileGivesTheDefaults() throws IOException {
        assertThat(MemberSettings.load(write())).isEqualTo(MemberSettings.DEFAULTS);
    }

    @Test
    void valueThatIsNotAnIntegerNamesFileAndLine() throws IOException {
        Path file = write("# settings", "worker.threads = 4", "queue.capacity = lots");

        ConfigException e = loadFails(file);

        assertThat(e).hasMessage(file + ":3: queue.capacity = lots: not an integer");
        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("queue.capacity");
        assertThat(e.value()).isEqualTo("lots");
        assertThat(e.problem()).isEqualTo("not an integer");
    }

    @Test
    void emptyValueForAnIntegerIsNotAnInteger() throws IOException {
        Path file = write("task.port =");

        assertThat(loadFails(file)).hasMessage(file + ":1: task.port = : not an integer");
    }

    @Test
    void negativeWorkerThreadsNamesFileAndLine() throws IOException {
        Path file = write("# 1", "# 2", "# 3", "# 4", "# 5", "# 6", "# 7", "# 8", "# 9", "# 10", "# 11",
                "worker.threads = -3");

        assertThat(loadFails(file)).hasMessage(file + ":12: worker.threads = -3: must be an integer >= 0");
    }

    @Test
    void outOfRangeValuesGiveTheRangeFromTheDescriptor() throws IOException {
        assertThat(loadFails(write("queue.capacity = 0")))
                .hasMessageEndingWith(":1: queue.capacity = 0: must be an integer in 1..100000000");
        assertThat(loadFails(write("task.port = 65536")))
                .hasMessageEndingWith(":1: task.port = 65536: must be an integer in 0..65535");
        assertThat(loadFails(write("shutdown.grace.seconds = 3601")))
                .hasMessageEndingWith(":1: shutdown.grace.seconds = 3601: must be an integer in 0..3600");
        assertThat(loadFails(write("stats.log.interval.seconds = 86401")))
                .hasMessageEndingWith(":1: stats.log.interval.seconds = 86401: must be an integer in 0..86400");
    }

    @Test
    void booleanIsExactlyTrueOrFalse() throws IOException {
        assertThat(MemberSettings.load(write("steal.enabled = false")).stealEnabled()).isFalse();
        Path file = write("steal.enabled = ture");

        assertThat(loadFails(file)).hasMessage(file + ":1: steal.enabled = ture: must be true or false");
    }

    @Test
    void integerBeyondIntRangeIsOutOfRangeNotGarbage() throws IOException {
        Path file = write("worker.threads = 99999999999");

        assertThat(loadFails(file)).hasMessage(file + ":1: worker.threads = 99999999999: must be an integer >= 0");
    }

    @Test
    void memberNameWithSpacesIsRefused() throws IOException {
        Path file = write("member.name = my member");

        assertThat(loadFails(file))
                .hasMessage(file + ":1: member.name = my member: must be at most 64 characters, without spaces");
    }

    @Test
    void unknownKeyNamesFileAndLineAndSuggestsTheClosestKey() throws IOException {
        Path file = write("worker.threads = 4", "", "queue.capcity = 10");

        ConfigException e = loadFails(file);

        assertThat(e).hasMessage(file + ":3: queue.capcity = 10: unknown key; did you mean 'queue.capacity'?");
        assertThat(e.key()).isEqualTo("queue.capcity");
        assertThat(e.line()).isEqualTo(3);
    }

    @Test
    void unknownKeyFarFromAnyKnownKeyListsTheKnownKeys() throws IOException {
        Path file = write("heap.size = 2");

        assertThat(loadFails(file)).hasMessage(file + ":1: heap.size = 2: unknown key; known keys: "
                + "member.name, worker.threads, queue.capacity, task.port, shutdown.grace.seconds, stats.log.interval.seconds, "
                + "aging.step.ms, fair.share.halflife.ms, locality.wait.ms, steal.enabled, jobs.backup.count, jobs.sweep.interval.ms, "
                + "events.capacity, events.tasks, events.results");
    }

    @Test
    void duplicateKeyNamesBothLines() throws IOException {
        Path file = write("worker.threads = 4", "task.port = 7000", "# again:", "worker.threads = 8");

        ConfigException e = loadFails(file);

        assertThat(e).hasMessage(file + ":4: worker.threads = 8: duplicate key, first set on line 1");
        assertThat(e.line()).isEqualTo(4);
    }

    @Test
    void lineWithoutEqualsNamesFileAndLine() throws IOException {
        Path file = write("# settings", "worker.threads 4");

        ConfigException e = loadFails(file);

        assertThat(e).hasMessage(file + ":2: expected 'key = value', got 'worker.threads 4'");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.key()).isEmpty();
        assertThat(e.value()).isEmpty();
    }

    @Test
    void missingFileIsAConfigErrorNamingTheFile() {
        Path file = dir.resolve("absent.properties");

        ConfigException e = loadFails(file);

        assertThat(e).hasMessage(file + ": no such file");
        assertThat(e.line()).isZero();
    }

    @Test
    void overrideFromAFlagIsCheckedAndLeavesTheOriginalAlone() {
        MemberSettings base = MemberSettings.DEFAULTS;

        MemberSettings s = base.withOverride("worker.threads", " 8 ", "flag --worker-threads")
                .withOverride("member.name", "beta", "env LODESTONE_MEMBER_NAME");

        assertThat(s.workerThreads()).isEqualTo(8);
        assertThat(s.memberName()).isEqualTo("beta");
        assertThat(s.queueCapacity()).isEqualTo(base.queueCapacity());
        assertThat(base).isEqualTo(MemberSettings.defaults());
    }

    @Test
    void overrideWinsOverTheFile() throws IOException {
        MemberSettings s = MemberSettings.load(write("task.port = 7000")).withOverride("task.port", "7100", "flag --task-port");

        assertThat(s.taskPort()).isEqualTo(7100);
    }

    @Test
    void badOverrideNamesItsSourceWithoutALine() {
        assertThatThrownBy(() -> MemberSettings.DEFAULTS.withOverride("worker.threads", "-1", "flag --worker-threads"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("flag --worker-threads: worker.threads = -1: must be an integer >= 0")
                .satisfies(t -> {
                    ConfigException e = (ConfigException) t;
                    assertThat(e.source()).isEqualTo("flag --worker-threads");
                    assertThat(e.line()).isZero();
                    assertThat(e.key()).isEqualTo("worker.threads");
                    assertThat(e.value()).isEqualTo("-1");
                });
        assertThatThrownBy(() -> MemberSettings.DEFAULTS.withOverride("task.port", "http", "env LODESTONE_TASK_PORT"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("env LODESTONE_TASK_PORT: task.port = http: not an integer");
    }

    @Test
    void overrideOfAnUnknownKeySuggestsTheClosestKey() {
        assertThatThrownBy(() -> MemberSettings.DEFAULTS.withOverride("worker.thread", "4", "flag --worker-thread"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("flag --worker-thread: worker.thread = 4: unknown key; did you mean 'worker.threads'?");
    }

    @Test
    void constructorChecksTheSameRules() {
        assertThatThrownBy(() -> new MemberSettings("", 0, 0, 0, 30, 0, 500, 1000, 20, true, 1, 10000, 100000, false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("queue.capacity = 0: must be an integer in 1..100000000");
        assertThatThrownBy(() -> new MemberSettings(null, 0, 1, 0, 30, 0, 500, 1000, 20, true, 1, 10000, 100000, false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("member.name = null: ");
    }

    @Test
    void shippedFileLoadsAndEqualsTheDefaults() {
        // Surefire runs in the module directory; the distribution's conf/ is one level up.
        Path shipped = Paths.get("../conf/lodestone.properties");

        assertThat(MemberSettings.load(shipped)).isEqualTo(MemberSettings.DEFAULTS);
    }

    @Test
    void shippedFileSetsEveryKeyExactlyOnce() {
        SettingsFile shipped = SettingsFile.read(Paths.get("../conf/lodestone.properties"), MemberSettings.keys());

        assertThat(shipped.entries()).extracting(SettingsFile.Entry::key)
                .containsExactlyElementsOf(MemberSettings.keys());
    }
}
