package dev.lodestone.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StolenCpuTest {

    @Test
    void stealAndTotalComeFromTheCpuLineUpToSteal() {
        String stat = "cpu  100 5 40 800 10 1 4 50 20 0\ncpu0 50 2 20 400 5 0 2 25 10 0\nctxt 123\n";
        // guest (20) is already inside user time: not added again
        assertThat(StolenCpu.parse(stat)).containsExactly(50, 100 + 5 + 40 + 800 + 10 + 1 + 4 + 50);
    }

    @Test
    void aKernelWithoutAStealFieldGivesNothing() {
        assertThat(StolenCpu.parse("cpu  100 5 40 800 10 1 4\nctxt 1\n")).isNull();
        assertThat(StolenCpu.parse("intr 1\n")).isNull();
    }

    @Test
    void theMeterOnThisMachineGivesAShareOrSaysItDoesNotKnow() {
        double f = StolenCpu.start().fraction();
        assertThat(Double.isNaN(f) || f >= 0 && f <= 1).as("%s", f).isTrue();
        assertThat(StolenCpu.logSuffix(0.314)).isEqualTo(", stolen_cpu=31%");
        assertThat(StolenCpu.logSuffix(Double.NaN)).isEmpty();
    }

    @Test
    void theReportWarnsAboveFivePercentAndKeepsTheMetricEitherWay() {
        Report quiet = new Report("x", "t", Machine.here());
        quiet.stolenCpu(0.02);
        assertThat(quiet.metricValue("stolen_cpu_pct")).isEqualTo(2.0);
        assertThat(table(quiet)).doesNotContain("hypervisor");

        Report noisy = new Report("x", "t", Machine.here());
        noisy.stolenCpu(0.314);
        assertThat(noisy.metricValue("stolen_cpu_pct")).isEqualTo(31.4);
        assertThat(table(noisy)).contains("the hypervisor gave 31% of this machine's CPU time to other guests");

        Report unknown = new Report("x", "t", Machine.here());
        unknown.stolenCpu(Double.NaN);
        assertThat(unknown.metricNames()).doesNotContain("stolen_cpu_pct");
    }

    private static String table(Report r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        r.printTable(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
