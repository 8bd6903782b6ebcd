package dev.lodestone.runtime.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SequenceMap} against a {@link HashMap}, and under threads the way a session uses it. */
class SequenceMapTest {

    @ParameterizedTest(name = "seed {0}, keys in [0, {1}), {2}% removals")
    @CsvSource({"1, 50, 30", "2, 5000, 45", "3, 100000, 10", "4, 64, 60"})
    void behavesLikeAHashMap(long seed, int keySpace, int removePercent) {
        Random random = new Random(seed);
        SequenceMap<String> map = new SequenceMap<>();
        Map<Long, String> model = new HashMap<>();
        for (int op = 0; op < 200_000; op++) {
            // mostly consecutive sequences, as a client sends them, some negative and far apart
            long seq = random.nextInt(10) == 0 ? random.nextLong() : random.nextInt(keySpace);
            int dice = random.nextInt(100);
            String step = "op " + op + " seq " + seq;
            if (dice < removePercent) {
                assertThat(map.remove(seq)).as(step).isEqualTo(model.remove(seq));
            } else if (dice < removePercent + 5) {
                String expected = model.get(seq);
                String now = "r" + op;
                boolean replaced = expected != null && map.replace(seq, expected, now);
                assertThat(replaced).as(step).isEqualTo(expected != null);
                if (replaced) {
                    model.put(seq, now);
                }
                assertThat(map.replace(seq, "not there " + op, "x")).as(step).isFalse();
            } else if (dice < removePercent + 15) {
                assertThat(map.get(seq)).as(step).isEqualTo(model.get(seq));
            } else {
                String v = "v" + op;
                map.put(seq, v);
                model.put(seq, v);
            }
            if (op % 1000 == 0) {
                assertThat(map.size()).as(step).isEqualTo(model.size());
            }
        }
        for (Map.Entry<Long, String> e : model.entrySet()) {
            assertThat(map.get(e.getKey())).isEqualTo(e.getValue());
        }
        // sorted, not containsExactlyInAnyOrder: that one is quadratic, minutes for 80,000 values
        assertThat(map.snapshot().stream().sorted().toList()).isEqualTo(model.values().stream().sorted().toList());
        map.clear();
        assertThat(map.size()).isZero();
        assertThat(map.snapshot()).isEmpty();
    }

    @Test
    void aDrainedBacklogGivesItsSlotsBackAndEverythingIsStillFound() {
        SequenceMap<Long> map = new SequenceMap<>();
        for (long s = 1; s <= 1_000_000; s++) {
            map.put(s, s);
        }
        for (long s = 1; s <= 999_990; s++) {
            assertThat(map.remove(s)).isEqualTo(s);
        }
        assertThat(map.size()).isEqualTo(10);
        for (long s = 999_991; s <= 1_000_000; s++) {
            assertThat(map.get(s)).isEqualTo(s);
        }
        assertThat(map.get(5)).isNull();
        assertThat(map.remove(5)).isNull();
    }

    /** The reader thread puts, workers remove what they finish; nothing is lost or left. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void readerPutsWhileWorkersRemove() throws Exception {
        SequenceMap<Long> map = new SequenceMap<>();
        int tasks = 400_000;
        int workers = 3;
        List<java.util.concurrent.BlockingQueue<Long>> handOff = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            handOff.add(new java.util.concurrent.LinkedBlockingQueue<>());
        }
        CountDownLatch done = new CountDownLatch(workers);
        long[] removed = new long[workers];
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int me = w;
            Thread t = new Thread(() -> {
                try {
                    for (long s = handOff.get(me).take(); s >= 0; s = handOff.get(me).take()) {
                        if (map.remove(s) != null) {
                            removed[me]++;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "test-worker-" + w);
            t.start();
            threads.add(t);
        }
        for (long s = 0; s < tasks; s++) {
            map.put(s, s);
            handOff.get((int) (s % workers)).put(s);
        }
        for (var q : handOff) {
            q.put(-1L);
        }
        assertThat(done.await(50, TimeUnit.SECONDS)).isTrue();
        long total = 0;
        for (long r : removed) {
            total += r;
        }
        assertThat(total).isEqualTo(tasks);
        assertThat(map.size()).isZero();
    }
}
