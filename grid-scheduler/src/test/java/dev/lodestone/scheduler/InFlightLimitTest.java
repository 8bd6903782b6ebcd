package dev.lodestone.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class InFlightLimitTest {

    @Test
    void asyncTakesRoomOnlyWhileThereIsSome() {
        InFlightLimit limit = new InFlightLimit(3);

        assertThat(limit.tryAcquire(2)).isTrue();
        assertThat(limit.tryAcquire(2)).isFalse();
        assertThat(limit.tryAcquire(1)).isTrue();
        assertThat(limit.tryAcquire(1)).isFalse();
        assertThat(limit.inFlight()).isEqualTo(3);
        assertThat(limit.describe()).isEqualTo("3 of 3 tasks in flight");

        limit.release(2);

        assertThat(limit.inFlight()).isEqualTo(1);
        assertThat(limit.tryAcquire(2)).isTrue();
    }

    @Test
    void blockingGivesUpAfterItsTimeoutWithNothingTaken() throws InterruptedException {
        InFlightLimit limit = new InFlightLimit(2);
        limit.tryAcquire(2);

        assertThat(limit.acquire(1, TimeUnit.MILLISECONDS.toNanos(20))).isFalse();
        assertThat(limit.inFlight()).isEqualTo(2);
    }

    @Test
    void blockingWakesWhenRoomIsReleased() throws Exception {
        InFlightLimit limit = new InFlightLimit(1);
        limit.tryAcquire(1);
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return limit.acquire(1, TimeUnit.SECONDS.toNanos(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        limit.release(1);

        assertThat(waiter.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(limit.inFlight()).isEqualTo(1);
    }

    @Test
    void aBatchLargerThanTheLimitIsAnErrorNotAnEndlessWait() {
        InFlightLimit limit = new InFlightLimit(4);

        assertThatThrownBy(() -> limit.acquire(5, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("room for 5 tasks asked, the limit is 4");
        assertThatThrownBy(() -> new InFlightLimit(0)).hasMessageContaining(">= 1");
    }
}
