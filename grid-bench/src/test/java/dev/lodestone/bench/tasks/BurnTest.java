package dev.lodestone.bench.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Correctness of the CPU burn, not its speed: it uses at least what it is asked for, on the clock it says. */
class BurnTest {

    @Test
    void burnsAtLeastTheRequestedTimeOnItsClock() {
        for (long nanos : new long[] {100_000, 1_000_000, 5_000_000}) {
            long before = Burn.now();
            Burn.cpu(nanos);
            assertThat(Burn.now() - before).as("clock %s after burning %d ns", Burn.clock(), nanos).isGreaterThanOrEqualTo(nanos);
        }
    }

    @Test
    void nothingToBurnReturnsAtOnce() {
        Burn.cpu(0);
        Burn.cpu(-5);
        assertThat(Burn.clock()).isIn("thread-cpu", "wall");
    }
}
