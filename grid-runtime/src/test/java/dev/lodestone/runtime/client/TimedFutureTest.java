package dev.lodestone.runtime.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestone.api.metrics.TaskCounters;
import dev.lodestone.api.task.Priority;
import dev.lodestone.api.task.TaskId;
import dev.lodestone.runtime.metrics.ClientMetrics;
import dev.lodestone.scheduler.InFlightLimit;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TimedFutureTest {

    private static final int HIGH = Priority.HIGH.ordinal();

    private static TaskCounters high(ClientMetrics m) {
        return m.snapshot().get(HIGH).counters();
    }

    @Test
    void roomUnderTheInFlightBoundIsGivenBackOnceWhenTheFutureCompletesInAnyWay() {
        InFlightLimit limit = new InFlightLimit(3);
        ClientMetrics m = new ClientMetrics();
        TimedFuture<String> ok = new TimedFuture<>(m, HIGH);
        TimedFuture<String> cancelled = new TimedFuture<>(m, HIGH);
        TimedFuture<String> done = new TimedFuture<>(m, HIGH);
        limit.tryAcquire(3);
        ok.holdRoom(limit);
        cancelled.holdRoom(limit);
        done.complete("early");

        done.holdRoom(limit); // completed before it held room: given back at once
        assertThat(limit.inFlight()).isEqualTo(2);
        ok.complete("x");
        ok.complete("again");
        cancelled.cancel(true);

        assertThat(limit.inFlight()).isZero();
    }

    @Test
    void onlyTheFirstCompletionCountsAndRecordsItsTime() {
        ClientMetrics m = new ClientMetrics();
        TimedFuture<String> f = new TimedFuture<>(m, HIGH);
        assertThat(f.complete("a")).isTrue();
        assertThat(f.completeExceptionally(new IllegalStateException())).isFalse();
        assertThat(f.cancel(true)).isFalse();
        assertThat(high(m)).isEqualTo(new TaskCounters(0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(m.snapshot().get(HIGH).endToEnd().getTotalCount()).isEqualTo(1);

        TimedFuture<String> c = new TimedFuture<>(m, HIGH);
        assertThat(c.cancel(true)).isTrue();
        assertThat(c.isCancelled()).isTrue();
        assertThat(high(m).cancelled()).isEqualTo(1);
    }

    @Test
    void aCancelledFutureHoldsTheExceptionItsSubclassNamesAndIsCancelled() {
        ClientMetrics m = new ClientMetrics();
        TaskCancelled named = new TaskCancelled(new TaskId(7, 42), null);
        TimedFuture<String> f = new TimedFuture<>(m, HIGH) {
            @Override
            CancellationException cancellation() {
                return named;
            }
        };
        assertThat(f.cancel(false)).isTrue();
        assertThat(f.isCancelled()).isTrue();
        assertThat(f.isCompletedExceptionally()).isTrue();
        assertThatThrownBy(f::join).isSameAs(named);
        assertThat(high(m).cancelled()).isEqualTo(1);
    }

    @Test
    void aTaskCancelledNamesTheTaskAndTheMemberAndCarriesNoStackFrames() {
        TaskId id = new TaskId(7, 42);
        assertThat(new TaskCancelled(id, null)).hasMessage("task " + id + " was cancelled");
        TaskCancelled onMember = new TaskCancelled(id, "m2");
        assertThat(onMember).hasMessage("task " + id + " was cancelled on member m2");
        assertThat(onMember.getStackTrace()).isEmpty();
    }

    @Test
    void whoeverSeesTheFutureDoneAlsoSeesItCounted() throws Exception {
        ClientMetrics m = new ClientMetrics();
        for (int i = 0; i < 200; i++) {
            TimedFuture<String> f = new TimedFuture<>(m, HIGH);
            AtomicReference<TaskCounters> seenInStage = new AtomicReference<>();
            f.whenComplete((v, e) -> seenInStage.set(high(m)));
            CountDownLatch go = new CountDownLatch(1);
            Thread result = new Thread(() -> {
                await(go);
                f.complete("ok");
            });
            Thread timeout = new Thread(() -> {
                await(go);
                f.completeExceptionally(new IllegalStateException("late"));
            });
            result.start();
            timeout.start();
            go.countDown();
            f.handle((v, e) -> v).join();
            TaskCounters after = high(m);
            assertThat(after.succeeded() + after.failed()).as("round %d", i).isEqualTo(i + 1);
            result.join();
            timeout.join();
            assertThat(seenInStage.get().succeeded() + seenInStage.get().failed()).isEqualTo(i + 1);
        }
        assertThat(m.snapshot().get(HIGH).endToEnd().getTotalCount()).isEqualTo(200);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
