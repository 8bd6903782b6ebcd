package dev.lodestone.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Weighs this (test) JVM from outside with jcmd, as the scale benchmark weighs a member. */
class HeapProbeTest {

    @Test
    void seesTheBytesOfObjectsThatAreHeldBetweenTwoWeighings() {
        assumeTrue(ManagementFactory.getGarbageCollectorMXBeans().stream().anyMatch(b -> b.getName().startsWith("G1")),
                "the probe reads G1's heap_info");
        long pid = ProcessHandle.current().pid();
        HeapProbe.Weight before = HeapProbe.weigh(pid);
        List<byte[]> held = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            held.add(new byte[10_000]);
        }
        HeapProbe.Weight after = HeapProbe.weigh(pid);

        assertThat(held).hasSize(1_000);
        assertThat(after.liveBytes() - before.liveBytes()).as("10 MB of arrays, live").isBetween(9_000_000L, 12_000_000L);
        assertThat(after.usedBytes()).isPositive();
        assertThat(after.growth(before, 1_000, 3).get(0)).as("about 10,016 bytes per array").matches("\\+1\\d{4}\\.\\d B/task \\[B .*");
    }
}
