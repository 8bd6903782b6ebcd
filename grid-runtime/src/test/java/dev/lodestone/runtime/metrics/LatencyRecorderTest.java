package dev.lodestone.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void recordsWholeMicrosecondsAndCountsNegativeDurationsAsZero() {
        LatencyRecorder r = new LatencyRecorder();
        r.recordNanos(1_999);
        r.recordNanos(-5);
        r.recordNanos(250_000_000_000L); // 250 s: the histogram resizes itself
        Histogram total = r.total();
        assertThat(total.getTotalCount()).isEqualTo(3);
        assertThat(total.getMinValue()).isZero();
        assertThat(total.getCountAtValue(1)).isEqualTo(1);
        assertThat(total.highestEquivalentValue(total.getMaxValue())).isEqualTo(total.highestEquivalentValue(250_000_000L));
    }

    @Test
    void totalKeepsEverythingWhileEachIntervalHasOnlyWhatCameSinceThePreviousOne() {
        LatencyRecorder r = new LatencyRecorder();
        r.recordNanos(10_000);
        assertThat(r.takeInterval().getTotalCount()).isEqualTo(1);
        r.recordNanos(20_000);
        r.recordNanos(30_000);
        assertThat(r.total().getTotalCount()).as("total between two intervals").isEqualTo(3);
        Histogram second = r.takeInterval();
        assertThat(second.getTotalCount()).isEqualTo(2);
        assertThat(second.getMinValue()).isEqualTo(20);
        assertThat(r.takeInterval().getTotalCount()).isZero();
        assertThat(r.total().getTotalCount()).isEqualTo(3);
    }

    @Test
    void concurrentWritersLoseNothing() throws InterruptedException {
        LatencyRecorder r = new LatencyRecorder();
        int threads = 4;
        int each = 50_000;
        Thread[] ts = new Thread[threads];
        long[] seenByIntervals = new long[1];
        Thread reader = new Thread(() -> {
            for (int i = 0; i < 200; i++) {
                seenByIntervals[0] += r.takeInterval().getTotalCount();
            }
        });
        for (int t = 0; t < threads; t++) {
            int base = t;
            ts[t] = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    r.recordNanos((base * each + i) * 1_000L);
                }
            });
        }
        reader.start();
        for (Thread t : ts) {
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        reader.join();
        seenByIntervals[0] += r.takeInterval().getTotalCount();
        assertThat(r.total().getTotalCount()).isEqualTo((long) threads * each);
        assertThat(seenByIntervals[0]).as("intervals add up to the total").isEqualTo((long) threads * each);
    }
}
