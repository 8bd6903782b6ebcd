package dev.lodestone.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClosedLoopTest {

    private final ExecutorService answers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "closed-loop-test-answer");
        t.setDaemon(true);
        return t;
    });
    private final CpuMeter meter = new CpuMeter(List.of(ProcessHandle.current().pid()), 100);

    @AfterEach
    void stop() {
        answers.shutdownNow();
    }

    @Test
    void keepsExactlyTheWindowInFlightAndCountsWhatCompletesInTheMeasuredWindow() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ClosedLoop.Result r = ClosedLoop.run(n -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            return CompletableFuture.supplyAsync(() -> {
                inFlight.decrementAndGet();
                return n;
            }, answers);
        }, 8, Duration.ofMillis(20), Duration.ofMillis(100), meter, Duration.ofSeconds(10));

        assertThat(most.get()).isBetween(1, 8);
        assertThat(r.completed()).isPositive();
        assertThat(r.seconds()).isGreaterThanOrEqualTo(0.1);
        assertThat(r.perSecond()).isPositive();
        assertThat(inFlight.get()).as("every request answered when it returns").isZero();
    }

    @Test
    void answersThatCompleteWithinTheSendDoNotGrowTheStack() {
        ClosedLoop.Result r = ClosedLoop.run(CompletableFuture::completedFuture, 1, Duration.ZERO, Duration.ofMillis(200), meter,
                Duration.ofSeconds(10));
        assertThat(r.completed()).as("sent in a loop, not recursion: a deep stack would overflow").isGreaterThan(1_000);
    }

    @Test
    void aFailedRequestFailsTheRunWithItsCause() {
        assertThatThrownBy(() -> ClosedLoop.run(n -> CompletableFuture.failedFuture(new IllegalStateException("refused " + n)), 4,
                Duration.ofMillis(10), Duration.ofMillis(10), meter, Duration.ofSeconds(10)))
                .isInstanceOf(BenchException.class).hasMessageContaining("refused");
    }
}
