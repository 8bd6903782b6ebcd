package dev.lodestone.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.io.Input;
import dev.lodestone.api.metrics.TaskCounters;
import dev.lodestone.api.task.Priority;
import dev.lodestone.runtime.transport.Wire;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricsCodecTest {

    private static TaskMetrics busyMember(long seed) {
        TaskMetrics m = new TaskMetrics();
        Random rnd = new Random(seed);
        for (int i = 0; i < 5_000; i++) {
            int level = rnd.nextInt(3) + 2; // NORMAL, HIGH, CRITICAL; the other levels stay empty
            m.submitted(level, 1);
            m.started(level, (long) (rnd.nextGaussian() * 1e6 + 3e6), PartitionRelation.values()[rnd.nextInt(4)]);
            m.finished(level, Outcome.values()[rnd.nextInt(5)], rnd.nextLong(10_000_000_000L));
        }
        m.stolen(Priority.HIGH.ordinal());
        m.rejected(Priority.BACKGROUND.ordinal());
        return m;
    }

    @Test
    void aStatsRecordRoundTripsEveryCounterAndHistogramOfEveryLevel() {
        List<LevelSnapshot> sent = busyMember(1).snapshot();
        byte[] record = Wire.stats(42, 3, 2, 100, 7, 8, 135, MetricsCodec.encode(sent));

        Input in = new Input(record);
        assertThat(in.readByte()).isEqualTo(Wire.STATS);
        Wire.Stats stats = Wire.readStats(in);
        assertThat(stats.requestId()).isEqualTo(42);
        assertThat(stats.partitions()).isEqualTo(135);
        List<LevelSnapshot> back = MetricsCodec.decode(stats.metrics());

        assertThat(back).hasSize(Priority.values().length);
        for (int i = 0; i < back.size(); i++) {
            LevelSnapshot a = sent.get(i);
            LevelSnapshot b = back.get(i);
            assertThat(b.priority()).isEqualTo(a.priority());
            assertThat(b.counters()).isEqualTo(a.counters());
            assertThat(b.queueWait()).as("queue wait of %s", a.priority()).isEqualTo(a.queueWait());
            assertThat(b.runTime()).as("run time of %s", a.priority()).isEqualTo(a.runTime());
            assertThat(b.toLevelMetrics()).isEqualTo(a.toLevelMetrics());
        }
        assertThat(back.get(Priority.HIGH.ordinal()).counters().stolen()).isEqualTo(1);
        assertThat(back.get(Priority.BACKGROUND.ordinal()).queueWait().getTotalCount()).isZero();
    }

    @Test
    void anEmptyMemberIsSmallAndDecodesToEmptyLevels() {
        byte[] bytes = MetricsCodec.encode(new TaskMetrics().snapshot());
        assertThat(bytes.length).isLessThan(Priority.values().length * 14);
        assertThat(MetricsCodec.decode(bytes)).allSatisfy(l -> {
            assertThat(l.counters()).isEqualTo(TaskCounters.ZERO);
            assertThat(l.queueWait().getTotalCount()).isZero();
        });
    }

    @Test
    void fewerLevelsThanPrioritiesReadAsEmptyOnesAndExtraLevelsAreIgnored() {
        List<LevelSnapshot> all = busyMember(2).snapshot();
        List<LevelSnapshot> two = MetricsCodec.decode(MetricsCodec.encode(all.subList(0, 2)));
        assertThat(two).hasSize(Priority.values().length);
        assertThat(two.get(4).counters()).isEqualTo(TaskCounters.ZERO);

        List<LevelSnapshot> more = new java.util.ArrayList<>(all);
        more.add(all.get(4));
        assertThat(MetricsCodec.decode(MetricsCodec.encode(more))).extracting(LevelSnapshot::counters)
                .containsExactlyElementsOf(all.stream().map(LevelSnapshot::counters).toList());
    }

    @Test
    void aCorruptHistogramIsAClearError() {
        TaskMetrics m = new TaskMetrics();
        m.started(0, 1_000, PartitionRelation.NONE);
        byte[] bytes = MetricsCodec.encode(m.snapshot());
        // level count, 11 counters of one byte each, then the queue-wait histogram's length and bytes
        int histogramStart = 1 + 11 + 1;
        for (int i = histogramStart; i < histogramStart + 8; i++) {
            bytes[i] = (byte) 0x5a;
        }
        assertThatThrownBy(() -> MetricsCodec.decode(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("histogram");
    }
}
