package dev.lodestone.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestone.api.task.Priority;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Aging in {@link TaskQueue}, driven by a {@link ManualClock}; the rules are those of the class comment. */
class TaskQueueAgingTest {

    private static final int BACKGROUND = Priority.BACKGROUND.ordinal();
    private static final int LOW = Priority.LOW.ordinal();
    private static final int NORMAL = Priority.NORMAL.ordinal();
    private static final int HIGH = Priority.HIGH.ordinal();
    private static final int CRITICAL = Priority.CRITICAL.ordinal();
    private static final int TOP = CRITICAL;

    private static final Duration STEP = AgingPolicy.DEFAULT_STEP;
    private static final long STEP_NANOS = STEP.toNanos();

    private static final long A = 1;
    private static final long B = 2;
    private static final long C = 3;

    /** A queued task that carries its enqueue time; equal when all four fields are. */
    record Job(int priorityLevel, long submitterId, long sequence, long enqueuedNanos) implements Schedulable {
        @Override
        public String toString() {
            return "L" + priorityLevel + "/" + submitterId + "#" + sequence + (enqueuedNanos == UNTIMED ? "" : "@" + enqueuedNanos);
        }
    }

    private final ManualClock clock = new ManualClock();
    private long sequence;

    /** A task stamped with the clock's reading now. */
    private Job job(int level, long submitter) {
        return new Job(level, submitter, ++sequence, clock.nanoTime());
    }

    private TaskQueue<Job> queue() {
        return TaskQueue.forPriorities(100_000, clock, AgingPolicy.defaults());
    }

    private static List<Job> pollAll(TaskQueue<Job> q) {
        List<Job> out = new ArrayList<>();
        for (Job j = q.poll(); j != null; j = q.poll()) {
            out.add(j);
        }
        return out;
    }

    // ---- API ----

    @Test
    void systemClockReadsNanoTime() {
        long before = System.nanoTime();
        long reading = Clock.system().nanoTime();
        long after = System.nanoTime();
        assertThat(reading - before).isNotNegative();
        assertThat(after - reading).isNotNegative();
    }

    @Test
    void agingPolicyDefaultsStrictAndValidation() {
        assertThat(AgingPolicy.defaults()).isEqualTo(new AgingPolicy(true, Duration.ofMillis(500)));
        assertThat(AgingPolicy.defaults().stepNanos()).isEqualTo(500_000_000L);
        assertThat(AgingPolicy.strict().enabled()).isFalse();
        assertThat(AgingPolicy.every(Duration.ofSeconds(2))).isEqualTo(new AgingPolicy(true, Duration.ofSeconds(2)));
        assertThat(AgingPolicy.defaults().timeToTop(LOW, TOP)).isEqualTo(Duration.ofMillis(1500));
        assertThat(AgingPolicy.defaults().timeToTop(TOP, TOP)).isZero();
        assertThat(new AgingPolicy(true, Duration.ofSeconds(Long.MAX_VALUE)).stepNanos()).isEqualTo(Long.MAX_VALUE);

        assertThatThrownBy(() -> AgingPolicy.every(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step").hasMessageContaining("was PT0S");
        assertThatThrownBy(() -> new AgingPolicy(false, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was PT-0.001S");
        assertThatThrownBy(() -> AgingPolicy.every(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("step");
        assertThatThrownBy(() -> AgingPolicy.defaults().timeToTop(5, TOP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 5");
    }

    @Test
    void constructorsTakeAClockAndAPolicyOrDefaultThem() {
        TaskQueue<Job> plain = new TaskQueue<>(3, 10);
        assertThat(plain.aging()).isEqualTo(AgingPolicy.defaults());
        assertThat(plain.clock()).isNotNull();
        assertThat(TaskQueue.<Job>forPriorities(10).aging()).isEqualTo(AgingPolicy.defaults());

        TaskQueue<Job> q = TaskQueue.forPriorities(10, clock, AgingPolicy.strict());
        assertThat(q.clock()).isSameAs(clock);
        assertThat(q.aging()).isEqualTo(AgingPolicy.strict());
        assertThat(q.levels()).isEqualTo(Priority.values().length);
        assertThat(q.toString()).contains("aging=off");
        assertThat(queue().toString()).contains("aging=PT0.5S");

        assertThatThrownBy(() -> new TaskQueue<Job>(3, 10, null, AgingPolicy.defaults()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("clock");
        assertThatThrownBy(() -> new TaskQueue<Job>(3, 10, clock, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("aging");
        assertThatThrownBy(() -> new TaskQueue<Job>(0, 10, clock, AgingPolicy.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
    }

    // ---- when a lower task overtakes ----

    @ParameterizedTest(name = "level {0} overtakes fresh level {1} after exactly {2} steps")
    @CsvSource({
        "0, 1, 1",
        "0, 4, 4",
        "1, 3, 2",
        "2, 4, 2",
        "3, 4, 1",
    })
    void anOldLowTaskOvertakesFreshHigherOnesExactlyWhenItsEffectiveLevelReachesTheirs(int low, int high, int steps) {
        TaskQueue<Job> q = queue();
        Job old = job(low, A);
        q.offer(old);

        clock.advanceNanos(steps * STEP_NANOS - 1);
        Job fresh = job(high, B);
        q.offer(fresh);
        assertThat(q.poll()).as("one nanosecond short, its effective level is " + (low + steps - 1)).isEqualTo(fresh);

        clock.advanceNanos(1);
        Job fresher = job(high, B);
        q.offer(fresher);
        assertThat(q.poll()).as("effective level " + high + " and queued earlier").isEqualTo(old);
        assertThat(q.liftedByAging()).isEqualTo(1);
        assertThat(q.poll()).isEqualTo(fresher);
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void higherTasksQueuedJustAfterTheLowOneAgeTooSoItOvertakesThemOnlyAtTheTop() {
        TaskQueue<Job> q = queue();
        Job old = job(LOW, A);
        q.offer(old);
        clock.advanceNanos(1);
        Job h1 = job(HIGH, B);
        Job h2 = job(HIGH, B);
        q.offer(h1);
        q.offer(h2);

        // At 2 steps LOW reaches HIGH, but the HIGH tasks have waited a step too and are at the top already.
        clock.advanceNanos(3 * STEP_NANOS - 2);
        assertThat(q.poll()).isEqualTo(h1);
        clock.advanceNanos(1);
        assertThat(q.poll()).as("both at the top; the LOW task was queued first").isEqualTo(old);
        assertThat(q.poll()).isEqualTo(h2);
    }

    @Test
    void aHigherTaskQueuedBeforeTheLowOneStaysAheadOfItHoweverLongTheyWait() {
        TaskQueue<Job> q = queue();
        Job high = job(HIGH, B);
        q.offer(high);
        clock.advanceNanos(1);
        Job low = job(BACKGROUND, A);
        q.offer(low);
        clock.advance(Duration.ofDays(1));
        assertThat(pollAll(q)).containsExactly(high, low);
        assertThat(q.liftedByAging()).isZero();
    }

    @Test
    void strictPolicyNeverLetsTheLowTaskOvertake() {
        TaskQueue<Job> q = TaskQueue.forPriorities(100_000, clock, AgingPolicy.strict());
        Job low = job(BACKGROUND, A);
        q.offer(low);
        q.offer(job(CRITICAL, B));
        for (int i = 0; i < 1000; i++) {
            clock.advance(Duration.ofSeconds(10));
            q.offer(job(CRITICAL, B));
            assertThat(q.poll().priorityLevel()).isEqualTo(CRITICAL);
        }
        assertThat(q.poll().priorityLevel()).isEqualTo(CRITICAL);
        assertThat(q.poll()).isEqualTo(low);
        assertThat(q.liftedByAging()).isZero();
    }

    @Test
    void untimedTasksNeverAge() {
        TaskQueue<Job> q = queue();
        Job untimed = new Job(LOW, A, 1, Schedulable.UNTIMED);
        q.offer(untimed);
        clock.advance(Duration.ofDays(1));
        Job fresh = job(NORMAL, B);
        q.offer(fresh);
        assertThat(pollAll(q)).containsExactly(fresh, untimed);
    }

    @Test
    void anUntimedTurnCountsAsQueuedLast() {
        TaskQueue<Job> q = queue();
        Job low = job(LOW, A);
        q.offer(low);
        Job untimed = new Job(HIGH, B, 1, Schedulable.UNTIMED);
        q.offer(untimed);
        clock.advanceNanos(2 * STEP_NANOS - 1);
        assertThat(q.poll()).isEqualTo(untimed);
        q.offer(untimed);
        clock.advanceNanos(1);
        assertThat(q.poll()).as("at HIGH, level with the untimed turn, and queued earlier").isEqualTo(low);
    }

    @Test
    void aStampFromTheFutureCountsAsNoWait() {
        TaskQueue<Job> q = queue();
        Job early = new Job(LOW, A, 1, clock.nanoTime() + 10 * STEP_NANOS);
        q.offer(early);
        Job high = job(HIGH, B);
        q.offer(high);
        assertThat(q.poll()).isEqualTo(high);
        assertThat(q.poll()).isEqualTo(early);
    }

    @Test
    void agingSurvivesTheClockWrappingPastLongMaxValue() {
        ManualClock wrapping = new ManualClock(Long.MAX_VALUE - 100);
        TaskQueue<Job> q = TaskQueue.forPriorities(100, wrapping, AgingPolicy.defaults());
        Job low = new Job(LOW, A, 1, wrapping.nanoTime());
        q.offer(low);
        wrapping.advanceNanos(2 * STEP_NANOS - 1);
        assertThat(wrapping.nanoTime()).isNegative();
        Job h1 = new Job(HIGH, B, 1, wrapping.nanoTime());
        q.offer(h1);
        assertThat(q.poll()).isEqualTo(h1);
        wrapping.advanceNanos(1);
        Job h2 = new Job(HIGH, B, 2, wrapping.nanoTime());
        q.offer(h2);
        assertThat(pollAll(q)).containsExactly(low, h2);
    }

    // ---- order among aged tasks ----

    @Test
    void tasksLiftedFromALevelLeaveItOldestFirstWhicheverSubmitterTheyBelongTo() {
        TaskQueue<Job> q = queue();
        List<Job> low = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Job j = job(LOW, i % 2 == 0 ? A : B);
            low.add(j);
            q.offer(j);
            clock.advanceNanos(1);
        }
        clock.advance(STEP.multipliedBy(3));
        List<Job> out = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            q.offer(job(CRITICAL, C));
            out.add(q.poll());
        }
        assertThat(out).containsExactlyElementsOf(low);
        assertThat(q.liftedByAging()).isEqualTo(6);
        assertThat(q.size(CRITICAL)).isEqualTo(6);
    }

    @Test
    void liftingATaskLeavesItsLevelsRingAsItWas() {
        TaskQueue<Job> q = queue();
        Job b1 = job(LOW, B);
        clock.advanceNanos(1);
        Job a1 = job(LOW, A);
        Job a2 = job(LOW, A);
        Job b2 = job(LOW, B);
        q.offer(b1);
        q.offer(a1);
        q.offer(a2);
        q.offer(b2);

        clock.advance(STEP.multipliedBy(2));
        Job high = job(HIGH, C);
        q.offer(high);
        assertThat(q.poll()).as("B has the turn at LOW and the oldest head").isEqualTo(b1);
        assertThat(q.remove(high)).isTrue();
        assertThat(pollAll(q)).as("the lift was not B's turn: B still has it").containsExactly(b2, a1, a2);
    }

    @Test
    void aLevelIsNeverReorderedByAgeAgainstItself() {
        TaskQueue<Job> q = queue();
        List<Job> bigOld = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Job j = job(NORMAL, A);
            bigOld.add(j);
            q.offer(j);
        }
        clock.advance(Duration.ofHours(1));
        Job b1 = job(NORMAL, B);
        Job b2 = job(NORMAL, B);
        Job c1 = job(NORMAL, C);
        q.offer(b1);
        q.offer(b2);
        q.offer(c1);
        clock.advance(Duration.ofMinutes(1));

        List<Job> out = pollAll(q);
        assertThat(out.subList(0, 6)).containsExactly(bigOld.get(0), b1, c1, bigOld.get(1), b2, bigOld.get(2));
        assertThat(out).filteredOn(j -> j.submitterId() == A).containsExactlyElementsOf(bigOld);
        assertThat(q.liftedByAging()).isZero();
    }

    @Test
    void roundRobinAndFifoHoldAtEachLevelOnceTheHigherWorkIsDone() {
        TaskQueue<Job> q = queue();
        q.offer(job(HIGH, A));
        q.offer(job(HIGH, A));
        q.offer(job(HIGH, B));
        Job lb3 = job(LOW, B);
        Job la3 = job(LOW, A);
        Job lb4 = job(LOW, B);
        q.offer(lb3);
        q.offer(la3);
        q.offer(lb4);
        assertThat(q.drainTo(new ArrayList<>(), 3)).isEqualTo(3);
        clock.advance(Duration.ofHours(1));
        assertThat(pollAll(q)).containsExactly(lb3, la3, lb4);
    }

    @Test
    void tiesAtTheTopGoToTheLowerSequenceThenTheHigherLevel() {
        TaskQueue<Job> q = queue();
        long t = clock.nanoTime();
        Job level1seq7 = new Job(LOW, A, 7, t);
        Job level2seq5 = new Job(NORMAL, A, 5, t);
        Job level3seq5 = new Job(HIGH, B, 5, t);
        Job level0seq5 = new Job(BACKGROUND, C, 5, t);
        q.offer(level1seq7);
        q.offer(level2seq5);
        q.offer(level3seq5);
        q.offer(level0seq5);
        Job top = new Job(CRITICAL, C, 5, t);
        q.offer(top);
        clock.advance(Duration.ofMinutes(1));
        assertThat(pollAll(q)).as("all at the top, all queued at t: sequence, then level")
                .containsExactly(top, level3seq5, level2seq5, level0seq5, level1seq7);
    }

    @Test
    void equalHeadsAtOneLevelGoByLowerSequenceThenLowerSubmitter() {
        TaskQueue<Job> q = queue();
        long t = clock.nanoTime();
        Job c4 = new Job(LOW, C, 4, t);
        Job b4 = new Job(LOW, B, 4, t);
        Job a9 = new Job(LOW, A, 9, t);
        q.offer(c4);
        q.offer(a9);
        q.offer(b4);
        clock.advance(Duration.ofMinutes(1));
        List<Job> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            q.offer(job(CRITICAL, A));
            out.add(q.poll());
        }
        assertThat(out).containsExactly(b4, c4, a9);
    }

    // ---- remove ----

    @Test
    void removingTheAgedTaskPassesAgingToTheNextOldestHead() {
        TaskQueue<Job> q = queue();
        Job a1 = job(LOW, A);
        clock.advance(STEP);
        Job b1 = job(LOW, B);
        Job a2 = job(LOW, A);
        q.offer(a1);
        q.offer(b1);
        q.offer(a2);
        clock.advance(STEP);
        Job high = job(HIGH, C);
        q.offer(high);

        assertThat(q.remove(a1)).isTrue();
        assertThat(q.remove(a1)).isFalse();
        assertThat(q.poll()).as("b1 and a2 are one step younger: at NORMAL").isEqualTo(high);
        clock.advance(STEP);
        Job fresh = job(HIGH, C);
        q.offer(fresh);
        assertThat(q.poll()).as("b1 and a2 queued together; b1 has the lower sequence").isEqualTo(b1);
        assertThat(q.remove(a2)).isTrue();
        assertThat(q.poll()).isEqualTo(fresh);
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.submitters(LOW)).isZero();
    }

    @Test
    void removingATaskBehindTheAgedHeadLeavesTheHeadAged() {
        TaskQueue<Job> q = queue();
        Job a1 = job(LOW, A);
        Job a2 = job(LOW, A);
        Job a3 = job(LOW, A);
        q.offer(a1);
        q.offer(a2);
        q.offer(a3);
        clock.advance(STEP.multipliedBy(2));
        Job high = job(HIGH, B);
        q.offer(high);
        assertThat(q.remove(a2)).isTrue();
        assertThat(pollAll(q)).containsExactly(a1, a3, high);
    }

    @Test
    void aHeadWhoseFollowerIsUntimedLeavesTheHeap() {
        TaskQueue<Job> q = queue();
        Job a1 = job(LOW, A);
        Job a2 = new Job(LOW, A, 99, Schedulable.UNTIMED);
        q.offer(a1);
        q.offer(a2);
        clock.advance(STEP.multipliedBy(2));
        Job h1 = job(HIGH, B);
        Job h2 = job(HIGH, B);
        q.offer(h1);
        q.offer(h2);
        assertThat(pollAll(q)).containsExactly(a1, h1, h2, a2);
    }

    @Test
    void drainToTakesAgedTasksInPollOrder() {
        TaskQueue<Job> drained = queue();
        TaskQueue<Job> polled = queue();
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            Job j = job(random.nextInt(5), random.nextInt(9));
            drained.offer(j);
            polled.offer(j);
            clock.advanceNanos(random.nextInt((int) (STEP_NANOS / 50)));
        }
        List<Job> viaDrain = new ArrayList<>();
        int max = 1;
        while (!drained.isEmpty()) {
            drained.drainTo(viaDrain, max);
            max = max % 13 + 1;
        }
        assertThat(viaDrain).hasSize(2000).containsExactlyElementsOf(pollAll(polled));
        assertThat(drained.liftedByAging()).isEqualTo(polled.liftedByAging()).isPositive();
    }

    // ---- the starvation bound ----

    /**
     * One worker pool of {@code workers} polls per round, one round per {@code runMillis}; before each
     * round {@code perRound >= workers} fresh CRITICAL tasks arrive from {@code floodSubmitters}
     * submitters, so the top level never runs dry. Before the task under test, a backlog of {@code backlog} tasks at
     * random levels and submitters. Checks the bound in the class comment of {@link TaskQueue}.
     */
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @ParameterizedTest(name = "level {0}, backlog {1}, {2} flood submitters, {3} per round, {4} workers, {5} ms runs, capacity {6}")
    @CsvSource({
        "0, 0, 1, 2, 1, 10, 100000",
        "0, 300, 3, 2, 1, 10, 100000",
        "1, 1000, 1, 5, 4, 10, 2000",
        "3, 50, 5, 2, 2, 1, 100000",
        "2, 5000, 8, 4, 3, 7, 6000",
        "0, 20000, 2, 20, 16, 1, 25000",
    })
    void underAFloodOfTopTasksALowerTaskStartsWithinTheDocumentedBound(
            int level, int backlog, int floodSubmitters, int perRound, int workers, int runMillis, int capacity) {
        TaskQueue<Job> q = TaskQueue.forPriorities(capacity, clock, AgingPolicy.defaults());
        Random random = new Random(level * 31L + backlog);
        Set<Job> queuedBefore = new HashSet<>();
        for (int i = 0; i < backlog; i++) {
            Job j = job(random.nextInt(5), random.nextInt(floodSubmitters + 3));
            assertThat(q.offer(j)).isTrue();
            queuedBefore.add(j);
            clock.advanceNanos(random.nextInt(50_000));
        }
        Job x = job(level, 1000);
        long t = clock.nanoTime();
        assertThat(q.offer(x)).isTrue();
        long d = t + (TOP - level) * STEP_NANOS;
        long run = TimeUnit.MILLISECONDS.toNanos(runMillis);

        long startedAt = 0;
        long q0 = -1;
        int flood = 0;
        for (int round = 0; startedAt == 0; round++) {
            assertThat(round).as("rounds").isLessThan(200_000);
            for (int i = 0; i < perRound; i++) {
                q.offer(job(CRITICAL, 2000 + flood++ % floodSubmitters));
            }
            long now = clock.nanoTime();
            if (q0 < 0 && now - d >= 0) {
                q0 = queuedBefore.size();
            }
            for (int w = 0; w < workers && startedAt == 0; w++) {
                assertThat(q.size(CRITICAL)).as("the flood never lets up").isPositive();
                Job next = q.poll();
                if (next.equals(x)) {
                    startedAt = now;
                } else {
                    boolean older = queuedBefore.remove(next);
                    if (now - d >= 0) {
                        assertThat(older).as("from D on only tasks queued before X overtake it: " + next).isTrue();
                    }
                }
            }
            clock.advanceNanos(run);
        }
        long bound = d + ceilDiv(q0 + 1, workers) * run;
        assertThat(startedAt - d).as("X cannot start before its effective level reaches the top").isNotNegative();
        assertThat(startedAt - bound).as("start %d ns after D, bound %d ns after D (Q = %d)", startedAt - d, bound - d, q0)
                .isNotPositive();
    }

    @Test
    void underAFloodTheTaskWaitsForTheOlderTopTasksOfItsTurnSubmitterAndNoLonger() {
        // The flood and an old backlog come from one submitter, so the turn at the top stays older than X until the backlog is gone.
        TaskQueue<Job> q = queue();
        List<Job> backlog = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Job j = job(CRITICAL, A);
            backlog.add(j);
            q.offer(j);
        }
        clock.advanceNanos(1);
        Job x = job(BACKGROUND, B);
        q.offer(x);
        long run = TimeUnit.MILLISECONDS.toNanos(10);
        List<Job> out = new ArrayList<>();
        for (int i = 0; i < 1000 && (out.isEmpty() || !out.get(out.size() - 1).equals(x)); i++) {
            q.offer(job(CRITICAL, A));
            out.add(q.poll());
            clock.advanceNanos(run);
        }
        assertThat(out).hasSize(301).startsWith(backlog.toArray(Job[]::new));
        assertThat(out.get(300)).isEqualTo(x);
    }

    @Test
    void anEmptyingFloodLetsTheLowTaskStartAtOnce() {
        TaskQueue<Job> q = queue();
        Job low = job(BACKGROUND, A);
        q.offer(low);
        q.offer(job(CRITICAL, B));
        assertThat(q.poll().priorityLevel()).isEqualTo(CRITICAL);
        assertThat(q.poll()).isEqualTo(low);
        assertThat(q.liftedByAging()).isZero();
    }

    // ---- scale ----

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aMillionAgedTasksFromAHundredThousandSubmittersLeaveInAgeOrderWithoutScanning() {
        TaskQueue<Job> q = TaskQueue.forPriorities(1_000_010, clock, AgingPolicy.defaults());
        int submitters = 100_000;
        for (int i = 0; i < 1_000_000; i++) {
            // Submitters interleave, so every head is from a different moment and the heap is exercised.
            assertThat(q.offer(new Job(LOW, i % submitters, i / submitters, clock.nanoTime()))).isTrue();
            clock.advanceNanos(1);
        }
        assertThat(q.remove(new Job(LOW, 5, 0, clock.nanoTime() - 1_000_000 + 5))).isTrue();
        clock.advance(STEP.multipliedBy(3));

        long previous = Long.MIN_VALUE;
        int polled = 0;
        for (int i = 0; i < 999_999; i++) {
            if (i % 100 == 0) {
                q.offer(job(CRITICAL, -1));
            }
            Job j = q.poll();
            if (j.priorityLevel() != LOW || j.enqueuedNanos() <= previous) {
                assertThat(j.priorityLevel()).as("poll " + i).isEqualTo(LOW);
                assertThat(j.enqueuedNanos()).as("poll " + i).isGreaterThan(previous);
            }
            previous = j.enqueuedNanos();
            polled++;
        }
        assertThat(polled).isEqualTo(999_999);
        assertThat(q.size(LOW)).isZero();
        assertThat(q.submitters(LOW)).isZero();
        assertThat(pollAll(q)).hasSize(10_000).allMatch(j -> j.priorityLevel() == CRITICAL);
    }

    // ---- against a model ----

    @ParameterizedTest(name = "seed {0}, capacity {1}, {2} submitters, {3}% out of order, {4}% untimed, step {5} ns, clock from {6}")
    @CsvSource({
        "1, 64, 3, 0, 0, 100, 1000001",
        "2, 500, 10, 0, 10, 1000, 1000001",
        "3, 200, 5, 5, 5, 100, 1000001",
        "4, 40, 40, 20, 30, 40, 1000001",
        "5, 5000, 2, 1, 0, 10000, 1000001",
        "6, 300, 6, 2, 10, 100, 9223372036854000001",
    })
    void agesLikeASimpleModel(long seed, int capacity, int submitters, int outOfOrderPercent, int untimedPercent,
                              long stepNanos, long clockStart) {
        Random random = new Random(seed);
        int levels = Priority.values().length;
        // Odd start, even moves: the clock never reads Long.MIN_VALUE, which would mean UNTIMED.
        ManualClock time = new ManualClock(clockStart);
        AgingPolicy aging = AgingPolicy.every(Duration.ofNanos(stepNanos));
        TaskQueue<Job> q = new TaskQueue<>(levels, capacity, time, aging);
        QueueModel<Job> model = new QueueModel<>(levels, capacity, time, stepNanos);
        long[] lastSequence = new long[submitters];
        long late = 0;
        List<Job> offered = new ArrayList<>();

        for (int op = 0; op < 200_000; op++) {
            int dice = random.nextInt(100);
            String step = "op " + op + " (seed " + seed + ")";
            if (dice < 10) {
                time.advanceNanos(2 * (long) random.nextInt((int) Math.min(Integer.MAX_VALUE / 2, stepNanos)));
            } else if (dice < 45 || dice < 50 && random.nextBoolean()) {
                int submitter = random.nextInt(submitters);
                long sequence = random.nextInt(100) < outOfOrderPercent ? --late : ++lastSequence[submitter];
                Job j = new Job(random.nextInt(levels), submitter, sequence, stamp(random, time, untimedPercent, stepNanos));
                offered.add(j);
                assertThat(q.offer(j)).as(step).isEqualTo(model.offer(j));
            } else if (dice < 53) {
                List<Job> batch = new ArrayList<>();
                for (int i = random.nextInt(20); i > 0; i--) {
                    int submitter = random.nextInt(submitters);
                    batch.add(new Job(random.nextInt(levels), submitter, ++lastSequence[submitter],
                            stamp(random, time, untimedPercent, stepNanos)));
                }
                offered.addAll(batch);
                model.checkOfferAll(q, batch, step);
            } else if (dice < 80) {
                assertThat(q.poll()).as(step).isEqualTo(model.poll());
            } else if (dice < 83) {
                model.checkDrainTo(q, random.nextInt(12), step);
            } else if (!offered.isEmpty()) {
                model.checkRemove(q, offered, Math.min(offered.size(), dice < 95 ? 2 * capacity : offered.size()), random, step);
            }

            assertThat(q.size()).as(step).isEqualTo(model.size);
            int l = random.nextInt(levels);
            assertThat(q.size(l)).as(step).isEqualTo(model.size(l));
            assertThat(q.submitters(l)).as(step).isEqualTo(model.submitters(l));
            assertThat(q.liftedByAging()).as(step).isEqualTo(model.lifted);
        }
        assertThat(model.lifted).as("the run exercised aging").isPositive();
        assertThat(pollAll(q)).isEqualTo(model.pollAll());
    }

    /** Mostly now; sometimes untimed; sometimes an earlier moment, as a task re-offered with its first stamp would be. */
    private static long stamp(Random random, ManualClock time, int untimedPercent, long stepNanos) {
        int dice = random.nextInt(100);
        if (dice < untimedPercent) {
            return Schedulable.UNTIMED;
        }
        if (dice >= 97) {
            return time.nanoTime() - 2 * (long) random.nextInt((int) Math.min(Integer.MAX_VALUE / 2, 3 * stepNanos));
        }
        return time.nanoTime();
    }

    private static long ceilDiv(long x, long y) {
        return (x + y - 1) / y;
    }
}
