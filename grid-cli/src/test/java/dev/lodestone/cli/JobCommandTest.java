package dev.lodestone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code grid job} refuses bad usage before it connects anywhere. */
class JobCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return GridMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());
    }

    @Test
    void withoutAnIdItSaysToGiveOne() {
        assertThat(run("job")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("grid job: give the job id first: grid job <id>");
    }

    @Test
    void aBadLimitIsNamed() {
        assertThat(run("job", "scores-1a", "--limit", "-3")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--limit wants a count of results to print, 0 for all; got '-3'");
    }

    @Test
    void anUnknownFlagIsNamed() {
        assertThat(run("job", "scores-1a", "--colour")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("colour");
    }

    @Test
    void progressLinesSayDoneTotalPercentRateAndTimeLeft() {
        assertThat(JobProgress.line(250, 1_000, 50, false)).isEqualTo("progress: 250/1000 tasks (25%), 50 tasks/s, ETA 15 s");
        assertThat(JobProgress.line(500, 1_000, 2, true))
                .isEqualTo("[###############...............] 500/1000 tasks (50%), 2 tasks/s, ETA 4 min 10 s");
        assertThat(JobProgress.line(10, 10, 0, false)).endsWith("(100%), 0 tasks/s, done");
        assertThat(JobProgress.line(0, 10, 0, false)).endsWith("ETA unknown");
    }

    @Test
    void theUsageListsTheCommand() {
        assertThat(GridMain.usage()).contains("job <id>").contains("--wait").contains("--limit N");
    }
}
