package dev.lodestone.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestone.api.task.Priority;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Level-service aging in {@link TaskQueue}, driven by a {@link ManualClock}; the rule, the bound and
 * the price are those of the class comment of {@link TaskQueue}.
 */
class TaskQueueAgingTest {

    private static final int BACKGROUND = Priority.BACKGROUND.ordinal();
    private static final int LOW = Priority.LOW.ordinal();
    private static final int NORMAL = Priority.NORMAL.ordinal();
    private static final int HIGH = Priority.HIGH.ordinal();
    private static final int CRITICAL = Priority.CRITICAL.ordinal();
    private static final int LEVELS = Priority.values().length;
    private static final int TOP = CRITICAL;

    private static final Duration STEP = AgingPolicy.DEFAULT_STEP;
    private static final long STEP_NANOS = STEP.toNanos();
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final long A = 1;
    private static final long B = 2;
    private static final long C = 3;
    private static final long FLOOD = 99;

    private final ManualClock clock = new ManualClock();
    private long sequence;

    private Job job(int level, long submitter) {
        return Job.of(level, submitter, ++sequence);
    }

    private Job offer(TaskQueue<Job> q, int level, long submitter) {
        Job j = job(level, submitter);
        assertThat(q.offer(j)).isTrue();
        return j;
    }

    private TaskQueue<Job> queue() {
        return TaskQueue.forPriorities(1_000_000, clock, AgingPolicy.defaults());
    }

    private static List<Job> pollAll(TaskQueue<Job> q) {
        List<Job> out = new ArrayList<>();
        for (Job j = q.poll(); j != null; j = q.poll()) {
            out.add(j);
        }
        return out;
    }

    /** A clock that counts its readings. */
    private static final class CountingClock implements Clock {
        final ManualClock time = new ManualClock();
        int reads;

        @Override
        public long nanoTime() {
            reads++;
            return time.nanoTime();
        }
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
        assertThat(AgingPolicy.defaults()).isEqualTo(new AgingPolicy(Duration.ofMillis(500)));
        assertThat(AgingPolicy.defaults().enabled()).isTrue();
        assertThat(AgingPolicy.defaults().stepNanos()).isEqualTo(500_000_000L);
        assertThat(AgingPolicy.strict()).isEqualTo(new AgingPolicy(Duration.ZERO));
        assertThat(AgingPolicy.strict().enabled()).isFalse();
        assertThat(AgingPolicy.strict().stepNanos()).isZero();
        assertThat(AgingPolicy.every(Duration.ofSeconds(2))).isEqualTo(new AgingPolicy(Duration.ofSeconds(2)));
        assertThat(AgingPolicy.defaults().timeToTop(LOW, TOP)).isEqualTo(Duration.ofMillis(1500));
        assertThat(AgingPolicy.defaults().timeToTop(TOP, TOP)).isZero();
        assertThat(new AgingPolicy(Duration.ofSeconds(Long.MAX_VALUE)).stepNanos()).isEqualTo(Long.MAX_VALUE);

        assertThatThrownBy(() -> AgingPolicy.every(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strict()").hasMessageContaining("was PT0S");
        assertThatThrownBy(() -> new AgingPolicy(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was PT-0.001S");
        assertThatThrownBy(() -> AgingPolicy.every(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was PT-0.001S");
        assertThatThrownBy(() -> AgingPolicy.every(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("step");
        assertThatThrownBy(() -> new AgingPolicy(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("step");
        assertThatThrownBy(() -> AgingPolicy.defaults().timeToTop(5, TOP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 5");
        assertThatThrownBy(() -> AgingPolicy.strict().timeToTop(LOW, TOP))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("strict");
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
        assertThat(q.levels()).isEqualTo(LEVELS);
        assertThat(q.toString()).contains("aging=off");
        assertThat(queue().toString()).contains("aging=PT0.5S");
        assertThat(new TaskQueue<Job>(1, 10, clock, AgingPolicy.defaults()).toString()).as("one level: nothing to age")
                .contains("aging=off");

        assertThatThrownBy(() -> new TaskQueue<Job>(3, 10, null, AgingPolicy.defaults()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("clock");
        assertThatThrownBy(() -> new TaskQueue<Job>(3, 10, clock, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("aging");
        assertThatThrownBy(() -> new TaskQueue<Job>(0, 10, clock, AgingPolicy.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
    }

    // ---- strict priority ----

    /** {@code aging.step.ms = 0} becomes {@code new AgingPolicy(Duration.ofMillis(0))}: it must be strict priority. */
    @ParameterizedTest(name = "step {0} ms")
    @ValueSource(ints = {-1, 0})
    void strictPriorityWithRoundRobinNeverLiftsALowerLevelAndNeverReadsTheClock(int stepMillis) {
        AgingPolicy policy = stepMillis < 0 ? AgingPolicy.strict() : new AgingPolicy(Duration.ofMillis(stepMillis));
        assertThat(policy).isEqualTo(AgingPolicy.strict());
        CountingClock counting = new CountingClock();
        TaskQueue<Job> q = TaskQueue.forPriorities(100_000, counting, policy, FairShare.roundRobin());
        Job low = offer(q, BACKGROUND, A);
        offer(q, CRITICAL, B);
        for (int i = 0; i < 1000; i++) {
            counting.time.advance(Duration.ofSeconds(10));
            offer(q, CRITICAL, B);
            assertThat(q.poll().priorityLevel()).isEqualTo(CRITICAL);
        }
        q.drainTo(new ArrayList<>(), 1);
        assertThat(q.poll()).isEqualTo(low);
        assertThat(q.liftedByAging()).isZero();
        assertThat(counting.reads).isZero();
    }

    // ---- when a lower level is lifted ----

    @ParameterizedTest(name = "level {0} passes fresh level {1} after exactly {2} steps unserved")
    @CsvSource({
        "0, 1, 1",
        "0, 4, 4",
        "1, 3, 2",
        "1, 4, 3",
        "2, 4, 2",
        "3, 4, 1",
    })
    void aLevelIsLiftedPastAFreshHigherOneExactlyWhenItHasGoneUnservedLongEnough(int low, int high, int steps) {
        TaskQueue<Job> q = queue();
        Job old = offer(q, low, A);

        clock.advanceNanos(steps * STEP_NANOS - 1);
        Job fresh = offer(q, high, B);
        assertThat(q.poll()).as("one nanosecond short, level %d counts as %d", low, low + steps - 1).isEqualTo(fresh);
        assertThat(q.liftedByAging()).isZero();

        clock.advanceNanos(1);
        Job fresher = offer(q, high, B);
        assertThat(q.poll()).as("level %d counts as %d and was served longer ago", low, high).isEqualTo(old);
        assertThat(q.liftedByAging()).isEqualTo(1);
        assertThat(q.poll()).isEqualTo(fresher);
        assertThat(q.isEmpty()).isTrue();
    }

    /**
     * Against a flood at the top level, served at every poll, a level is served at the first poll at
     * or after {@code (top - L) * step} since it was last served, and then waits as long again.
     */
    @ParameterizedTest(name = "level {0}, a poll every {1} ms")
    @CsvSource({
        "0, 1",
        "0, 7",
        "1, 3",
        "2, 10",
        "3, 1",
        "3, 499",
    })
    void underATopFloodALevelIsServedAtTheFirstPollAfterItsTimeToTopAndNotBefore(int level, int tickMillis) {
        TaskQueue<Job> q = queue();
        long t0 = clock.nanoTime();
        List<Job> low = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            low.add(offer(q, level, A));
        }
        long wait = (TOP - level) * STEP_NANOS;
        long tick = tickMillis * MS;
        long served = t0;
        List<Job> out = new ArrayList<>();
        for (int i = 0; out.size() < 3; i++) {
            assertThat(i).isLessThan(100_000);
            offer(q, CRITICAL, FLOOD);
            long now = clock.nanoTime();
            Job next = q.poll();
            if (next.priorityLevel() == level) {
                assertThat(now - served).as("served at %d ns unserved", now - served).isGreaterThanOrEqualTo(wait).isLessThan(wait + tick);
                assertThat(q.servedNanos(level)).isEqualTo(now);
                served = now;
                out.add(next);
            } else {
                assertThat(now - served).as("a CRITICAL task at %d ns unserved", now - served).isLessThan(wait);
            }
            clock.advanceNanos(tick);
        }
        assertThat(out).containsExactlyElementsOf(low);
        assertThat(q.liftedByAging()).isEqualTo(3);
    }

    @Test
    void aLevelWaitingAloneIsServedByTheFirstPoll() {
        TaskQueue<Job> q = queue();
        Job low = offer(q, BACKGROUND, A);
        offer(q, CRITICAL, B);
        assertThat(q.poll().priorityLevel()).isEqualTo(CRITICAL);
        assertThat(q.poll()).isEqualTo(low);
        assertThat(q.liftedByAging()).isZero();
    }

    // ---- ties ----

    @Test
    void onEqualEffectiveLevelsTheLevelServedLongerAgoWinsEvenIfLower() {
        TaskQueue<Job> q = queue();
        Job low = offer(q, LOW, A);
        clock.advance(STEP);
        Job normal = offer(q, NORMAL, B);
        Job normal2 = offer(q, NORMAL, B);
        assertThat(q.poll()).as("LOW counts as NORMAL, and has waited a step longer").isEqualTo(low);
        assertThat(q.poll()).isEqualTo(normal);

        clock.advanceNanos(1);
        Job low2 = offer(q, LOW, A);
        clock.advance(Duration.ofMinutes(1));
        Job low3 = offer(q, LOW, A);
        assertThat(q.poll()).as("both at the top; NORMAL was served 1 ns before LOW got work").isEqualTo(normal2);
        assertThat(pollAll(q)).containsExactly(low2, low3);
    }

    @Test
    void onAFullTieTheHigherLevelWins() {
        TaskQueue<Job> q = queue();
        Job l1 = job(LOW, A);
        Job n1 = job(NORMAL, B);
        Job l2 = job(LOW, A);
        Job n2 = job(NORMAL, B);
        assertThat(q.offerAll(List.of(l1, n1, l2, n2))).isEqualTo(4);
        assertThat(q.servedNanos(LOW)).isEqualTo(q.servedNanos(NORMAL));
        clock.advance(Duration.ofMinutes(1));
        assertThat(q.poll()).as("both at the top, both waiting since the same reading").isEqualTo(n1);
        assertThat(q.poll()).as("still at the top, and now served longer ago than NORMAL").isEqualTo(l1);
        assertThat(q.poll()).as("both served just now: back to their own levels").isEqualTo(n2);
        assertThat(q.poll()).isEqualTo(l2);
        assertThat(q.liftedByAging()).isEqualTo(1);
    }

    // ---- the served time ----

    @Test
    void servingALevelRestartsItsClock() {
        TaskQueue<Job> q = queue();
        Job l1 = offer(q, LOW, A);
        Job l2 = offer(q, LOW, A);
        clock.advance(STEP.multipliedBy(2));
        Job h1 = offer(q, HIGH, B);
        assertThat(q.poll()).isEqualTo(l1);
        assertThat(q.servedNanos(LOW)).isEqualTo(clock.nanoTime());

        clock.advanceNanos(2 * STEP_NANOS - 1);
        Job h2 = offer(q, HIGH, B);
        assertThat(q.poll()).as("LOW was served 1 ns less than two steps ago").isEqualTo(h1);
        assertThat(q.poll()).as("HIGH, just served, is still above LOW").isEqualTo(h2);
        clock.advanceNanos(1);
        Job h3 = offer(q, HIGH, B);
        assertThat(q.poll()).isEqualTo(l2);
        assertThat(q.poll()).isEqualTo(h3);
    }

    @Test
    void aLevelThatRanDryStartsAfreshWhenItGetsWorkAgain() {
        TaskQueue<Job> q = queue();
        Job l1 = offer(q, LOW, A);
        assertThat(q.poll()).isEqualTo(l1);
        clock.advance(Duration.ofHours(1));
        Job l2 = offer(q, LOW, A);
        assertThat(q.servedNanos(LOW)).isEqualTo(clock.nanoTime());
        Job h1 = offer(q, HIGH, B);
        assertThat(q.poll()).as("LOW has waited no time: it last had work an hour ago, not unserved work").isEqualTo(h1);
        assertThat(q.poll()).isEqualTo(l2);
    }

    @Test
    void removingATaskIsNotServiceButEmptyingTheLevelStartsItAfresh() {
        TaskQueue<Job> q = queue();
        Job l1 = offer(q, LOW, A);
        Job l2 = offer(q, LOW, A);
        long t0 = clock.nanoTime();
        clock.advance(STEP);
        assertThat(q.remove(l1)).isTrue();
        Job l3 = offer(q, LOW, A);
        assertThat(q.servedNanos(LOW)).as("neither the removal nor an offer to a non-empty level moves it").isEqualTo(t0);
        clock.advance(STEP);
        Job h1 = offer(q, HIGH, B);
        assertThat(q.poll()).as("two steps unserved").isEqualTo(l2);
        assertThat(q.remove(h1)).isTrue();

        clock.advance(Duration.ofHours(1));
        assertThat(q.remove(l3)).isTrue();
        Job l4 = offer(q, LOW, A);
        Job h2 = offer(q, HIGH, B);
        assertThat(pollAll(q)).as("LOW ran dry by removal, so its wait began again with l4").containsExactly(h2, l4);
    }

    @Test
    void takingTasksForAnotherMemberIsNotService() {
        TaskQueue<Job> q = queue();
        offer(q, LOW, A);
        Job l2 = offer(q, LOW, B);
        long t0 = clock.nanoTime();
        clock.advance(STEP.multipliedBy(2));
        Job h1 = offer(q, HIGH, C);
        assertThat(q.takeMatching(j -> j.priorityLevel() == LOW, 1, 10, new ArrayList<>())).isEqualTo(1);
        assertThat(q.servedNanos(LOW)).isEqualTo(t0);
        assertThat(q.liftedByAging()).isZero();
        assertThat(pollAll(q)).containsExactly(l2, h1);
    }

    // ---- round robin inside a lifted level ----

    @Test
    void aLiftedLevelIsServedInItsOwnRoundRobinAndKeepsItsTurn() {
        TaskQueue<Job> q = queue();
        Job a1 = offer(q, LOW, A);
        Job a2 = offer(q, LOW, A);
        Job a3 = offer(q, LOW, A);
        Job b1 = offer(q, LOW, B);
        Job b2 = offer(q, LOW, B);
        Job c1 = offer(q, LOW, C);
        List<Job> lifted = new ArrayList<>();
        for (int i = 0; lifted.size() < 4; i++) {
            assertThat(i).isLessThan(10_000);
            offer(q, CRITICAL, FLOOD);
            Job next = q.poll();
            if (next.priorityLevel() == LOW) {
                lifted.add(next);
            }
            clock.advance(Duration.ofMillis(10));
        }
        assertThat(lifted).as("lifted one at a time, each in its submitter's turn").containsExactly(a1, b1, c1, a2);
        assertThat(q.liftedByAging()).isEqualTo(4);
        q.drainTo(new ArrayList<>(), q.size(CRITICAL));
        assertThat(pollAll(q)).as("the ring went on from where the lifts left it").containsExactly(b2, a3);
    }

    // ---- clock readings and drainTo ----

    @Test
    void theClockIsReadOncePerPollOrDrainAndOnlyWhenALevelGetsWork() {
        CountingClock counting = new CountingClock();
        TaskQueue<Job> q = TaskQueue.forPriorities(100, counting, AgingPolicy.defaults());
        assertThat(q.poll()).isNull();
        assertThat(counting.reads).as("poll of an empty queue").isZero();
        q.offer(job(LOW, A));
        assertThat(counting.reads).as("LOW got work").isEqualTo(1);
        q.offer(job(LOW, B));
        assertThat(counting.reads).as("LOW had work already").isEqualTo(1);
        q.offerAll(List.of(job(HIGH, A), job(NORMAL, A), job(LOW, A), job(HIGH, C)));
        assertThat(counting.reads).as("one reading for the batch").isEqualTo(2);
        q.offerAll(List.of(job(HIGH, A), job(LOW, C)));
        assertThat(counting.reads).as("no level got work").isEqualTo(2);
        q.poll();
        assertThat(counting.reads).isEqualTo(3);
        q.drainTo(new ArrayList<>(), 4);
        assertThat(counting.reads).isEqualTo(4);
        q.drainTo(new ArrayList<>(), 0);
        assertThat(q.remove(job(LOW, B))).isFalse();
        q.takeMatching(j -> true, 1, 1, new ArrayList<>());
        assertThat(counting.reads).as("drainTo nothing, remove, takeMatching").isEqualTo(4);
        assertThat(q.size()).isEqualTo(2);
    }

    @Test
    void drainToTakesTasksInPollOrder() {
        TaskQueue<Job> drained = queue();
        TaskQueue<Job> polled = queue();
        Random random = new Random(7);
        List<Job> viaDrain = new ArrayList<>();
        List<Job> viaPoll = new ArrayList<>();
        int max = 1;
        for (int round = 0; round < 3000; round++) {
            for (int i = random.nextInt(8); i > 0; i--) {
                Job j = job(random.nextInt(LEVELS), random.nextInt(9));
                drained.offer(j);
                polled.offer(j);
            }
            drained.drainTo(viaDrain, max);
            for (int i = 0; i < max; i++) {
                Job j = polled.poll();
                if (j != null) {
                    viaPoll.add(j);
                }
            }
            max = max % 5 + 1;
            clock.advanceNanos(random.nextInt((int) (STEP_NANOS / 5)));
        }
        assertThat(viaDrain).hasSizeGreaterThan(2000).isEqualTo(viaPoll);
        assertThat(drained.liftedByAging()).isEqualTo(polled.liftedByAging()).isPositive();
    }

    // ---- what the queue does not look at ----

    @Test
    void theQueueNeitherReadsNorNeedsArrivalTimes() {
        record Stamped(int priorityLevel, long submitterId, long sequence) implements Schedulable {
            @Override
            public long enqueuedNanos() {
                throw new AssertionError("the queue read an arrival time");
            }
        }
        TaskQueue<Stamped> q = TaskQueue.forPriorities(100, clock, AgingPolicy.defaults());
        Stamped low = new Stamped(LOW, A, 1);
        q.offer(low);
        clock.advance(STEP.multipliedBy(3));
        Stamped high = new Stamped(HIGH, B, 1);
        q.offerAll(List.of(high));
        assertThat(q.poll()).isEqualTo(low);
        assertThat(q.remove(high)).isTrue();
        assertThat(q.takeMatching(s -> true, 1, 1, new ArrayList<>())).isZero();
        assertThat(q.drainTo(new ArrayList<>(), 1)).isZero();
    }

    @Test
    void agingSurvivesTheClockWrappingPastLongMaxValue() {
        ManualClock wrapping = new ManualClock(Long.MAX_VALUE - 100);
        TaskQueue<Job> q = TaskQueue.forPriorities(100, wrapping, AgingPolicy.defaults());
        Job low = job(LOW, A);
        q.offer(low);
        wrapping.advanceNanos(2 * STEP_NANOS - 1);
        assertThat(wrapping.nanoTime()).isNegative();
        Job h1 = job(HIGH, B);
        q.offer(h1);
        assertThat(q.poll()).isEqualTo(h1);
        wrapping.advanceNanos(1);
        Job h2 = job(HIGH, B);
        q.offer(h2);
        assertThat(pollAll(q)).containsExactly(low, h2);
    }

    // ---- the price for urgent work ----

    /**
     * The case arrival-based aging got wrong: ten thousand LOW tasks an hour old, then HIGH work. The
     * old backlog passes a fresh HIGH task once, not ten thousand times, and under a steady flow of
     * HIGH work LOW is served once per {@code (HIGH - LOW) * step}, no more.
     */
    @Test
    void aFreshHighTaskBehindTenThousandOldLowTasksIsPassedByAtMostOneLowTaskPerStep() {
        TaskQueue<Job> q = queue();
        for (int i = 0; i < 10_000; i++) {
            offer(q, LOW, i % 50);
        }
        clock.advance(Duration.ofHours(1));
        Job high = offer(q, HIGH, A);
        assertThat(q.poll().priorityLevel()).as("LOW has gone an hour unserved: one LOW task first").isEqualTo(LOW);
        assertThat(q.poll()).as("then the HIGH task, not the other 9,999").isEqualTo(high);

        long lastLow = clock.nanoTime();
        long start = clock.nanoTime();
        int lows = 1;
        long tick = MS;
        for (int i = 0; i < 20_000; i++) {
            clock.advanceNanos(tick);
            Job fresh = offer(q, HIGH, A);
            Job next = q.poll();
            if (next.priorityLevel() == LOW) {
                long now = clock.nanoTime();
                assertThat(now - lastLow).as("two LOW tasks passed HIGH work within %d ns", now - lastLow)
                        .isGreaterThanOrEqualTo((HIGH - LOW) * STEP_NANOS);
                lastLow = now;
                lows++;
                assertThat(q.poll()).as("the HIGH task that LOW passed goes next").isEqualTo(fresh);
            } else {
                assertThat(next).isEqualTo(fresh);
            }
        }
        long elapsed = clock.nanoTime() - start;
        assertThat(lows).isEqualTo(1 + (int) (elapsed / ((HIGH - LOW) * STEP_NANOS)));
        assertThat(q.size(LOW)).isEqualTo(10_000 - lows);
    }

    /**
     * The goal at the level of the queue: with 200,000 LOW tasks queued and every worker busy with
     * them, a HIGH task that arrives alone starts within one LOW task's run, whatever the number of
     * workers, as long as a LOW task runs for less than {@code (HIGH - LOW) * step}.
     */
    @ParameterizedTest(name = "{0} workers, LOW tasks up to {1} ms")
    @CsvSource({
        "1, 20",
        "2, 50",
        "4, 5",
        "16, 900",
    })
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aHighTaskArrivingAloneStartsWithinOneLowRunBehindTwoHundredThousandLowTasks(int workers, int lowRunMillis) {
        TaskQueue<Job> q = TaskQueue.forPriorities(250_000, clock, AgingPolicy.defaults());
        for (int i = 0; i < 200_000; i++) {
            offer(q, LOW, i % 1_000);
        }
        Random random = new Random(workers);
        long lowRun = lowRunMillis * MS;
        long highRun = MS;
        long[] busyUntil = new long[workers];
        long now = clock.nanoTime();
        for (int w = 0; w < workers; w++) {
            busyUntil[w] = now + 1 + random.nextLong(lowRun);
        }
        long nextHigh = now + random.nextLong(lowRun * 3);
        Map<Job, Long> arrived = new IdentityHashMap<>();
        long worst = 0;
        int highs = 0;
        while (highs < 300) {
            int w = 0;
            for (int i = 1; i < workers; i++) {
                if (busyUntil[i] < busyUntil[w]) {
                    w = i;
                }
            }
            if (nextHigh <= busyUntil[w]) {
                clock.advanceNanos(nextHigh - clock.nanoTime());
                arrived.put(offer(q, HIGH, A), nextHigh);
                nextHigh += 2 * lowRun + highRun + random.nextLong(3 * lowRun);
                continue;
            }
            clock.advanceNanos(busyUntil[w] - clock.nanoTime());
            Job next = q.poll();
            if (next.priorityLevel() == HIGH) {
                worst = Math.max(worst, clock.nanoTime() - arrived.remove(next));
                highs++;
                busyUntil[w] += highRun;
            } else {
                busyUntil[w] += 1 + random.nextLong(lowRun);
            }
        }
        assertThat(worst).as("longest wait of a HIGH task, ns").isLessThanOrEqualTo(lowRun);
        assertThat(q.liftedByAging()).isZero();
    }

    // ---- the bound ----

    /**
     * Workers that poll whenever they finish a task, or as soon as a task arrives while they are
     * idle; tasks that run 1 ns to {@code maxRun}; arrivals at random levels, and optionally a flood
     * at the top level that keeps it from ever running dry. Every poll is checked against the model,
     * and against the bound of the class comment of {@link TaskQueue}:
     * <ul>
     *   <li>from {@code T = served(L) + (top - L) * step} on, a level with tasks loses no more than
     *       {@code levels() - 1} polls before it is served;</li>
     *   <li>a level with tasks never goes longer than {@code G(L) = (top - L) * step + ceil(levels() / W) * maxRun}
     *       since its served time;</li>
     *   <li>a task with {@code k} tasks of its level served before it starts within {@code (k + 1) * G(L)}.</li>
     * </ul>
     */
    @ParameterizedTest(name = "seed {0}: {1} workers, runs up to {2} ms, step {3} ms, a task every {4} us, top flood {5}")
    @CsvSource({
        "1, 1, 10, 500, 2000, false",
        "2, 1, 10, 500, 1000, true",
        "3, 4, 40, 100, 3000, true",
        "4, 3, 7, 50, 500, false",
        "5, 16, 100, 20, 2000, true",
        "6, 2, 200, 30, 20000, false",
        "7, 5, 3, 1000, 100, true",
        "8, 2, 1, 1, 100, false",
    })
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theDocumentedBoundHoldsForRandomWorkloads(long seed, int workers, int maxRunMillis, int stepMillis, int gapMicros,
                                                   boolean topFlood) {
        Random random = new Random(seed);
        long step = stepMillis * MS;
        long maxRun = maxRunMillis * MS;
        int capacity = 20_000;
        TaskQueue<Job> q = new TaskQueue<>(LEVELS, capacity, clock, new AgingPolicy(Duration.ofNanos(step)), FairShare.roundRobin());
        QueueModel<Job> model = new QueueModel<>(LEVELS, capacity, clock, step);
        long[] g = new long[LEVELS];
        for (int l = 0; l < LEVELS; l++) {
            g[l] = (TOP - l) * step + ceilDiv(LEVELS, workers) * maxRun;
        }
        long[] busyUntil = new long[workers];
        long[] servedCount = new long[LEVELS];
        long[] lostSinceTop = new long[LEVELS];
        Map<Job, long[]> waiting = new IdentityHashMap<>();
        long nextArrival = clock.nanoTime();
        long worstShare = 0;
        List<Job> offered = new ArrayList<>();

        for (int polls = 0; polls < 60_000; ) {
            int w = 0;
            for (int i = 1; i < workers; i++) {
                if (busyUntil[i] - busyUntil[w] < 0) {
                    w = i;
                }
            }
            if (nextArrival - busyUntil[w] <= 0) {
                clock.advanceNanos(Math.max(0, nextArrival - clock.nanoTime()));
                int level = topFlood && random.nextInt(3) > 0 ? TOP : random.nextInt(LEVELS);
                Job j = job(level, random.nextInt(6));
                boolean wasEmpty = q.size(level) == 0;
                boolean accepted = q.offer(j);
                assertThat(accepted).isEqualTo(model.offer(j));
                if (accepted) {
                    if (wasEmpty) {
                        lostSinceTop[level] = 0;
                    }
                    waiting.put(j, new long[] {clock.nanoTime(), servedCount[level]});
                    offered.add(j);
                }
                nextArrival += 1 + random.nextInt(2 * gapMicros) * 1000L;
                if (random.nextInt(50) == 0) {
                    Job gone = offered.get(offered.size() - 1 - random.nextInt(Math.min(offered.size(), 100)));
                    boolean removed = q.remove(gone);
                    assertThat(removed).isEqualTo(waiting.containsKey(gone));
                    assertThat(removed).isEqualTo(model.remove(gone));
                    if (removed) {
                        waiting.remove(gone);
                    }
                }
                continue;
            }
            clock.advanceNanos(Math.max(0, busyUntil[w] - clock.nanoTime()));
            long now = clock.nanoTime();
            if (q.isEmpty()) {
                busyUntil[w] = nextArrival;
                continue;
            }
            String at = "poll " + polls + " at " + now;
            for (int l = 0; l < LEVELS; l++) {
                if (model.size(l) > 0) {
                    assertThat(now - model.served(l)).as("%s: level %d unserved too long", at, l).isLessThanOrEqualTo(g[l]);
                }
            }
            Job next = q.poll();
            assertThat(next).as(at).isEqualTo(model.poll());
            polls++;
            int served = next.priorityLevel();
            for (int l = 0; l < LEVELS; l++) {
                if (l != served && model.size(l) > 0 && now - (model.served(l) + (TOP - l) * step) >= 0) {
                    lostSinceTop[l]++;
                    assertThat(lostSinceTop[l]).as("%s: level %d passed over at the top", at, l).isLessThan(LEVELS);
                }
            }
            lostSinceTop[served] = 0;
            long[] w0 = waiting.remove(next);
            long k = servedCount[served] - w0[1];
            long waited = now - w0[0];
            assertThat(waited).as("%s: %s waited behind %d of its level", at, next, k).isLessThanOrEqualTo((k + 1) * g[served]);
            worstShare = Math.max(worstShare, 100 * waited / ((k + 1) * g[served]));
            servedCount[served]++;
            busyUntil[w] = now + 1 + random.nextLong(maxRun);
            if (polls % 1000 == 0) {
                model.checkState(q, at);
            }
        }
        model.checkState(q, "end");
        assertThat(worstShare).as("the workload came near the bound somewhere (percent)").isPositive();
    }

    // ---- against the model ----

    @ParameterizedTest(name = "seed {0}, capacity {1}, {2} submitters, {3}% out of order, step {4} ns, clock from {5}")
    @CsvSource({
        "1, 64, 3, 0, 100, 1000001",
        "2, 500, 10, 0, 1000, 1000001",
        "3, 200, 5, 5, 100, 1000001",
        "4, 40, 40, 20, 40, 1000001",
        "5, 5000, 2, 1, 10000, 1000001",
        "6, 300, 6, 2, 100, 9223372036854000001",
    })
    void agesLikeASimpleModel(long seed, int capacity, int submitters, int outOfOrderPercent, long stepNanos, long clockStart) {
        Random random = new Random(seed);
        ManualClock time = new ManualClock(clockStart);
        TaskQueue<Job> q = new TaskQueue<>(LEVELS, capacity, time, AgingPolicy.every(Duration.ofNanos(stepNanos)), FairShare.roundRobin());
        QueueModel<Job> model = new QueueModel<>(LEVELS, capacity, time, stepNanos);
        long[] lastSequence = new long[submitters];
        long late = 0;
        List<Job> offered = new ArrayList<>();

        for (int op = 0; op < 200_000; op++) {
            int dice = random.nextInt(100);
            String step = "op " + op + " (seed " + seed + ")";
            if (dice < 10) {
                time.advanceNanos(random.nextLong(Math.min(Long.MAX_VALUE / 4, 3 * stepNanos)));
            } else if (dice < 45 || dice < 50 && random.nextBoolean()) {
                int submitter = random.nextInt(submitters);
                long sequence = random.nextInt(100) < outOfOrderPercent ? --late : ++lastSequence[submitter];
                Job j = Job.of(random.nextInt(LEVELS), submitter, sequence);
                offered.add(j);
                assertThat(q.offer(j)).as(step).isEqualTo(model.offer(j));
            } else if (dice < 53) {
                List<Job> batch = new ArrayList<>();
                for (int i = random.nextInt(20); i > 0; i--) {
                    int submitter = random.nextInt(submitters);
                    batch.add(Job.of(random.nextInt(LEVELS), submitter, ++lastSequence[submitter]));
                }
                offered.addAll(batch);
                model.checkOfferAll(q, batch, step);
            } else if (dice < 80) {
                assertThat(q.poll()).as(step).isEqualTo(model.poll());
            } else if (dice < 83) {
                model.checkDrainTo(q, random.nextInt(12), step);
            } else if (dice < 85) {
                long parity = random.nextInt(2);
                model.checkTakeMatching(q, j -> j.submitterId() % 2 == parity, random.nextInt(6), random.nextInt(30), step);
            } else if (!offered.isEmpty()) {
                model.checkRemove(q, offered, Math.min(offered.size(), dice < 95 ? 2 * capacity : offered.size()), random, step);
            }
            if (op % 37 == 0) {
                model.checkState(q, step);
            }
            assertThat(q.size()).as(step).isEqualTo(model.size);
        }
        model.checkState(q, "end");
        assertThat(model.lifted).as("the run exercised aging").isPositive();
        assertThat(pollAll(q)).isEqualTo(model.pollAll());
    }

    private static long ceilDiv(long x, long y) {
        return (x + y - 1) / y;
    }
}
