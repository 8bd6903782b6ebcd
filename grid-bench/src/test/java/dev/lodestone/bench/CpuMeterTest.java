package dev.lodestone.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lodestone.bench.tasks.Burn;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads this JVM's own counters from /proc (Linux only). */
class CpuMeterTest {

    @Test
    void seesTheCpuThisJvmBurnsAndTheMachinesContextSwitches() {
        assumeTrue(Files.isReadable(Paths.get("/proc/stat")), "needs Linux's /proc");
        CpuMeter meter = new CpuMeter(List.of(ProcessHandle.current().pid()), CpuMeter.ticksPerSecond());
        CpuMeter.Sample before = meter.sample();
        Burn.cpu(200_000_000L); // 200 ms of this thread's own CPU time, however long the machine makes it take
        CpuMeter.Cost cost = meter.sample().since(before);

        assertThat(cost.cpuMicros()).as("at least this thread's 200 ms, counted in clock ticks").isGreaterThanOrEqualTo(150_000);
        assertThat(cost.switches()).isPositive();
        assertThat(cost.jvmSwitches()).isGreaterThanOrEqualTo(0);
        assertThat(cost.cpuMicrosPer(10)).isEqualTo(cost.cpuMicros() / 10);
        assertThat(cost.cpuMicrosPer(0)).isNaN();
    }

    @Test
    void aProcessThatIsGoneCostsNothing() {
        assumeTrue(Files.isReadable(Paths.get("/proc/stat")), "needs Linux's /proc");
        CpuMeter meter = new CpuMeter(List.of(Long.MAX_VALUE), 100);
        assertThat(meter.sample().cpuMicros()).isZero();
    }

    @Test
    void theClockTickIsPositive() {
        assertThat(CpuMeter.ticksPerSecond()).isPositive();
    }
}
