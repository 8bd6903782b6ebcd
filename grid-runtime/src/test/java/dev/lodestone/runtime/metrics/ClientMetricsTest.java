package dev.lodestone.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestone.api.GridException;
import dev.lodestone.api.task.Priority;
import dev.lodestone.api.task.TaskFailedException;
import dev.lodestone.api.task.TaskId;
import dev.lodestone.api.task.TaskRejectedException;
import dev.lodestone.api.task.TaskTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ClientMetricsTest {

    @Test
    void eachKindOfFailureCountsAsItsOutcome() {
        TaskId id = new TaskId(1, 2);
        assertThat(ClientMetrics.outcomeOf(null)).isEqualTo(Outcome.SUCCEEDED);
        assertThat(ClientMetrics.outcomeOf(new CancellationException())).isEqualTo(Outcome.CANCELLED);
        assertThat(ClientMetrics.outcomeOf(new TaskTimeoutException(id, Duration.ofSeconds(1), "x"))).isEqualTo(Outcome.TIMED_OUT);
        assertThat(ClientMetrics.outcomeOf(new TaskRejectedException("full"))).isEqualTo(Outcome.REJECTED);
        assertThat(ClientMetrics.outcomeOf(new CompletionException(new TaskRejectedException("full")))).isEqualTo(Outcome.REJECTED);
        assertThat(ClientMetrics.outcomeOf(new TaskFailedException(id, "m1", 1, "java.lang.IllegalStateException", "boom",
                new StackTraceElement[0], null))).isEqualTo(Outcome.FAILED);
        assertThat(ClientMetrics.outcomeOf(new GridException("member lost"))).isEqualTo(Outcome.FAILED);
    }

    @Test
    void countersAndEndToEndTimesPerLevel() {
        ClientMetrics m = new ClientMetrics();
        int high = Priority.HIGH.ordinal();
        m.submitted(high, 3);
        m.rejected(Priority.LOW.ordinal());
        m.completed(high, 1_000_000, null);
        m.completed(high, 2_000_000, new TaskRejectedException("queue full"));
        m.completed(high, 3_000_000, new IllegalStateException());
        var s = m.snapshot();
        assertThat(s.get(high).counters().submitted()).isEqualTo(3);
        assertThat(s.get(high).counters().succeeded()).isEqualTo(1);
        assertThat(s.get(high).counters().rejected()).isEqualTo(1);
        assertThat(s.get(high).counters().failed()).isEqualTo(1);
        assertThat(s.get(high).counters().started()).isZero();
        assertThat(s.get(high).endToEnd().getTotalCount()).isEqualTo(3);
        assertThat(s.get(Priority.LOW.ordinal()).counters().rejected()).isEqualTo(1);
    }
}
