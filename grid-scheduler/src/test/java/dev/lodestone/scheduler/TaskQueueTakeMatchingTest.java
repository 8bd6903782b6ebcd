package dev.lodestone.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestone.api.task.Priority;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link TaskQueue#takeMatching}, the work-stealing side of the queue. */
class TaskQueueTakeMatchingTest {

    private static final int LOW = Priority.LOW.ordinal();
    private static final int NORMAL = Priority.NORMAL.ordinal();
    private static final int HIGH = Priority.HIGH.ordinal();
    private static final int CRITICAL = Priority.CRITICAL.ordinal();
    private static final int LEVELS = Priority.values().length;

    private static final long A = 1;
    private static final long B = 2;
    private static final long C = 3;

    private final ManualClock clock = new ManualClock();

    private TaskQueue<Job> queue() {
        return TaskQueue.forPriorities(1_000_000, clock, AgingPolicy.defaults());
    }

    private static Job job(int level, long submitter, long sequence) {
        return Job.of(level, submitter, sequence);
    }

    private static List<Job> take(TaskQueue<Job> q, Predicate<? super Job> eligible, int max, int scanLimit) {
        List<Job> out = new ArrayList<>();
        assertThat(q.takeMatching(eligible, max, scanLimit, out)).isEqualTo(out.size());
        return out;
    }

    private static List<Job> pollAll(TaskQueue<Job> q) {
        List<Job> out = new ArrayList<>();
        for (Job j = q.poll(); j != null; j = q.poll()) {
            out.add(j);
        }
        return out;
    }

    /** The same tasks, offered in the same order, to a second queue. */
    private TaskQueue<Job> twin(List<Job> offered) {
        TaskQueue<Job> twin = queue();
        twin.offerAll(offered);
        return twin;
    }

    @Test
    void argumentsAreChecked() {
        TaskQueue<Job> q = queue();
        assertThatThrownBy(() -> q.takeMatching(null, 1, 1, new ArrayList<>()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("eligible");
        assertThatThrownBy(() -> q.takeMatching(j -> true, 1, 1, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("out");
        assertThatThrownBy(() -> q.takeMatching(j -> true, -1, 1, new ArrayList<>()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max").hasMessageContaining("was -1");
        assertThatThrownBy(() -> q.takeMatching(j -> true, 1, -2, new ArrayList<>()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scanLimit").hasMessageContaining("was -2");
        assertThat(take(q, j -> true, 10, 10)).as("empty queue").isEmpty();
    }

    @Test
    void takesTheHighestLevelsFirstWhateverAgingWouldDo() {
        TaskQueue<Job> q = queue();
        Job low = job(LOW, A, 1);
        q.offer(low);
        clock.advanceNanos(TimeUnit.HOURS.toNanos(1));
        Job normal = job(NORMAL, B, 1);
        Job critical = job(CRITICAL, C, 1);
        Job high = job(HIGH, A, 2);
        q.offerAll(List.of(normal, critical, high));

        assertThat(take(q, j -> true, 3, 100)).containsExactly(critical, high, normal);
        assertThat(q.size()).isEqualTo(1);
        assertThat(q.size(CRITICAL)).isZero();
        assertThat(q.poll()).isEqualTo(low);
    }

    @Test
    void withinALevelTasksAreLookedAtRoundRobinFromTheTurn() {
        TaskQueue<Job> q = queue();
        List<Job> offered = List.of(
                job(NORMAL, A, 1), job(NORMAL, A, 2), job(NORMAL, A, 3), job(NORMAL, A, 4),
                job(NORMAL, B, 1),
                job(NORMAL, C, 1), job(NORMAL, C, 2));
        q.offerAll(offered);
        assertThat(q.poll()).isEqualTo(job(NORMAL, A, 1));

        TaskQueue<Job> polled = twin(offered);
        polled.poll();
        assertThat(take(q, j -> true, 100, 100))
                .as("the turn is B's; then every submitter's next task before anyone's after that")
                .containsExactly(job(NORMAL, B, 1), job(NORMAL, C, 1), job(NORMAL, A, 2), job(NORMAL, C, 2),
                        job(NORMAL, A, 3), job(NORMAL, A, 4))
                .isEqualTo(pollAll(polled));
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.submitters(NORMAL)).isZero();
        assertThat(q.poll()).isNull();
    }

    @Test
    void onlyEligibleTasksAreTakenAndTheRestKeepTheirPlaces() {
        TaskQueue<Job> q = queue();
        List<Job> offered = new ArrayList<>();
        for (int s = 1; s <= 6; s++) {
            offered.add(job(NORMAL, A, s));
            offered.add(job(NORMAL, B, s));
            offered.add(job(LOW, C, s));
        }
        q.offerAll(offered);
        Predicate<Job> even = j -> j.sequence() % 2 == 0;

        List<Job> taken = take(q, even, 100, 100);
        assertThat(taken).allMatch(even).hasSize(9);
        assertThat(taken.subList(0, 6)).extracting(Job::priorityLevel).containsOnly(NORMAL);
        assertThat(taken.subList(0, 4)).containsExactly(job(NORMAL, A, 2), job(NORMAL, B, 2), job(NORMAL, A, 4), job(NORMAL, B, 4));

        TaskQueue<Job> removed = twin(offered);
        taken.forEach(j -> assertThat(removed.remove(j)).isTrue());
        assertThat(q.size()).isEqualTo(9);
        assertThat(q.size(NORMAL)).isEqualTo(6);
        assertThat(q.size(LOW)).isEqualTo(3);
        assertThat(pollAll(q)).as("what is left is served as if the taken tasks had been removed").isEqualTo(pollAll(removed))
                .noneMatch(even);
    }

    @Test
    void maxBoundsWhatIsTaken() {
        TaskQueue<Job> q = queue();
        for (int s = 1; s <= 10; s++) {
            q.offer(job(HIGH, A, s));
        }
        AtomicInteger looks = new AtomicInteger();
        assertThat(take(q, j -> looks.incrementAndGet() > 0, 3, 100)).extracting(Job::sequence).containsExactly(1L, 2L, 3L);
        assertThat(looks).as("it stops as soon as it has max").hasValue(3);
        assertThat(take(q, j -> true, 0, 100)).isEmpty();
        assertThat(q.size()).isEqualTo(7);
        assertThat(q.poll()).isEqualTo(job(HIGH, A, 4));
    }

    @Test
    void scanLimitCountsEveryTaskLookedAtTakenOrNotAcrossLevels() {
        TaskQueue<Job> q = queue();
        for (int s = 1; s <= 3; s++) {
            q.offer(job(HIGH, A, s));
        }
        for (int s = 1; s <= 6; s++) {
            q.offer(job(LOW, B, s));
        }
        AtomicInteger looks = new AtomicInteger();
        Predicate<Job> lowOnly = j -> looks.incrementAndGet() > 0 && j.priorityLevel() == LOW;

        assertThat(take(q, lowOnly, 100, 5)).as("3 HIGH tasks looked at, then 2 LOW").containsExactly(job(LOW, B, 1), job(LOW, B, 2));
        assertThat(looks).hasValue(5);
        looks.set(0);
        assertThat(take(q, lowOnly, 100, 0)).isEmpty();
        assertThat(looks).as("scanLimit 0 looks at nothing").hasValue(0);
        assertThat(take(q, lowOnly, 100, Integer.MAX_VALUE)).extracting(Job::sequence).containsExactly(3L, 4L, 5L, 6L);
        assertThat(looks).hasValue(7);
        assertThat(q.size()).isEqualTo(3);
        assertThat(q.size(LOW)).isZero();
        assertThat(q.submitters(LOW)).isZero();
    }

    @Test
    void removedTasksDoNotCountAgainstScanLimit() {
        TaskQueue<Job> q = queue();
        for (int s = 1; s <= 20; s++) {
            q.offer(job(NORMAL, A, s));
        }
        for (int s = 2; s <= 15; s++) {
            assertThat(q.remove(job(NORMAL, A, s))).isTrue();
        }
        assertThat(q.slotsUsed(NORMAL)).as("tombstones between 1 and 16").isGreaterThan(q.size(NORMAL));
        AtomicInteger looks = new AtomicInteger();
        assertThat(take(q, j -> looks.incrementAndGet() > 0 && j.sequence() > 1, 100, 3))
                .extracting(Job::sequence).containsExactly(16L, 17L);
        assertThat(looks).hasValue(3);
        assertThat(pollAll(q)).extracting(Job::sequence).containsExactly(1L, 18L, 19L, 20L);
    }

    @Test
    void removeAndTakeMatchingSeeEachOthersWork() {
        TaskQueue<Job> q = queue();
        List<Job> offered = new ArrayList<>();
        for (int s = 1; s <= 40; s++) {
            offered.add(job(NORMAL, s % 2 == 0 ? A : B, s));
        }
        q.offerAll(offered);
        List<Job> taken = take(q, j -> j.sequence() % 3 == 0, 100, 100);
        assertThat(taken).hasSize(13);
        for (Job j : taken) {
            assertThat(q.remove(j)).as("taken already: %s", j).isFalse();
        }
        assertThat(q.remove(job(NORMAL, A, 4))).isTrue();
        assertThat(q.remove(job(NORMAL, B, 5))).isTrue();
        assertThat(take(q, j -> j.sequence() <= 5, 100, 100)).extracting(Job::sequence).containsExactly(1L, 2L);
        assertThat(q.size()).isEqualTo(40 - 13 - 2 - 2);
        assertThat(q.slotsUsed(NORMAL)).isLessThanOrEqualTo(2 * q.size());

        TaskQueue<Job> removed = twin(offered);
        offered.stream().filter(j -> j.sequence() % 3 == 0 || j.sequence() <= 5).forEach(removed::remove);
        assertThat(pollAll(q)).isEqualTo(pollAll(removed));
    }

    @Test
    void takingASubmittersLastTaskLetsItLeaveTheRingAndThePollsGoOn() {
        TaskQueue<Job> q = queue();
        q.offerAll(List.of(job(NORMAL, A, 1), job(NORMAL, B, 1), job(NORMAL, B, 2), job(NORMAL, C, 1), job(NORMAL, A, 2)));
        assertThat(take(q, j -> j.submitterId() == A, 100, 100)).containsExactly(job(NORMAL, A, 1), job(NORMAL, A, 2));
        assertThat(q.submitters(NORMAL)).isEqualTo(2);
        assertThat(pollAll(q)).as("A had the turn; B has it now").containsExactly(job(NORMAL, B, 1), job(NORMAL, C, 1), job(NORMAL, B, 2));

        q.offerAll(List.of(job(HIGH, A, 3), job(HIGH, B, 3)));
        assertThat(take(q, j -> true, 100, 100)).hasSize(2);
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.submitters(HIGH)).isZero();
        assertThat(q.poll()).isNull();
        q.offer(job(HIGH, C, 2));
        assertThat(q.poll()).isEqualTo(job(HIGH, C, 2));
    }

    @Test
    void takingDoesNotMoveTheTurn() {
        TaskQueue<Job> q = queue();
        q.offerAll(List.of(job(NORMAL, A, 1), job(NORMAL, A, 2), job(NORMAL, B, 1), job(NORMAL, B, 2)));
        assertThat(take(q, j -> j.sequence() == 1, 100, 100)).containsExactly(job(NORMAL, A, 1), job(NORMAL, B, 1));
        assertThat(pollAll(q)).containsExactly(job(NORMAL, A, 2), job(NORMAL, B, 2));
    }

    @Test
    void aPredicateThatThrowsLeavesTheQueueWhole() {
        TaskQueue<Job> q = queue();
        List<Job> offered = new ArrayList<>();
        for (int s = 1; s <= 10; s++) {
            offered.add(job(NORMAL, s % 3, s));
        }
        q.offerAll(offered);
        List<Job> out = new ArrayList<>();
        assertThatThrownBy(() -> q.takeMatching(j -> {
            if (j.sequence() == 7) {
                throw new IllegalStateException("boom");
            }
            return j.sequence() % 2 == 1;
        }, 100, 100, out)).isInstanceOf(IllegalStateException.class).hasMessage("boom");

        assertThat(out).isNotEmpty().allMatch(j -> j.sequence() % 2 == 1);
        assertThat(q.size()).isEqualTo(10 - out.size());
        assertThat(q.slotsUsed(NORMAL)).isLessThanOrEqualTo(2 * q.size());
        TaskQueue<Job> removed = twin(offered);
        out.forEach(removed::remove);
        assertThat(pollAll(q)).isEqualTo(pollAll(removed));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aBoundedScanOfAHugeLevelLooksAtNoMoreThanItMay() {
        TaskQueue<Job> q = queue();
        for (int i = 0; i < 500_000; i++) {
            q.offer(job(LOW, i % 100_000, i / 100_000));
        }
        AtomicInteger looks = new AtomicInteger();
        List<Job> taken = take(q, j -> looks.incrementAndGet() > 0 && j.submitterId() % 1000 == 0, 1_000, 20_000);
        assertThat(looks).hasValue(20_000);
        assertThat(taken).hasSize(20).allMatch(j -> j.sequence() == 0);
        assertThat(q.size()).isEqualTo(500_000 - 20);
        assertThat(q.submitters(LOW)).isEqualTo(100_000);
        assertThat(q.poll()).as("submitter 0 kept the turn").isEqualTo(job(LOW, 0, 1));
    }

    @ParameterizedTest(name = "seed {0}, capacity {1}, {2} submitters, {3}% out of order, half-life {4} ns")
    @CsvSource({
        "11, 50, 3, 0, 0",
        "12, 400, 12, 0, 0",
        "13, 300, 5, 10, 0",
        "14, 2000, 60, 2, 0",
        "15, 50, 3, 0, 1000",
        "16, 400, 12, 0, 1000",
        "17, 300, 5, 10, 1000",
        "18, 2000, 60, 2, 1000",
    })
    void takesLikeASimpleModel(long seed, int capacity, int submitters, int outOfOrderPercent, long halfLifeNanos) {
        Random random = new Random(seed);
        long stepNanos = 1_000;
        FairShare share = halfLifeNanos == 0 ? FairShare.roundRobin() : FairShare.decaying(Duration.ofNanos(halfLifeNanos));
        TaskQueue<Job> q = new TaskQueue<>(LEVELS, capacity, clock, new AgingPolicy(Duration.ofNanos(stepNanos)), share);
        QueueModel<Job> model = new QueueModel<>(LEVELS, capacity, clock, stepNanos, halfLifeNanos);
        long[] lastSequence = new long[submitters];
        long late = 0;
        List<Job> offered = new ArrayList<>();

        for (int op = 0; op < 50_000; op++) {
            int dice = random.nextInt(100);
            String step = "op " + op + " (seed " + seed + ")";
            if (dice < 50) {
                int submitter = random.nextInt(submitters);
                long sequence = random.nextInt(100) < outOfOrderPercent ? --late : ++lastSequence[submitter];
                Job j = job(random.nextInt(LEVELS), submitter, sequence);
                offered.add(j);
                assertThat(q.offer(j)).as(step).isEqualTo(model.offer(j));
            } else if (dice < 65) {
                int mod = 1 + random.nextInt(5);
                long salt = random.nextInt(5);
                int max = random.nextInt(4) == 0 ? Integer.MAX_VALUE : random.nextInt(20);
                int scanLimit = random.nextInt(4) == 0 ? Integer.MAX_VALUE : random.nextInt(60);
                model.checkTakeMatching(q, j -> Math.floorMod(j.sequence() * 7 + j.submitterId() + salt, mod) == 0, max, scanLimit, step);
            } else if (dice < 80 && !offered.isEmpty()) {
                model.checkRemove(q, offered, Math.min(offered.size(), 3 * capacity), random, step);
            } else if (dice < 95) {
                assertThat(q.poll()).as(step).isEqualTo(model.poll());
            } else if (halfLifeNanos == 0) {
                clock.advanceNanos(random.nextInt(3_000));
            } else if (random.nextInt(4) == 0) {
                // whole half-lives keep usage in exact powers of two, so queue and model see the same ties;
                // about 600 half-lives in all: rebases and forgetting happen, underflow does not
                clock.advanceNanos(halfLifeNanos * (1 + random.nextInt(2)));
            }
            if (op % 7 == 0) {
                model.checkState(q, step);
            }
            assertThat(q.size()).as(step).isEqualTo(model.size);
        }
        model.checkState(q, "end");
        assertThat(pollAll(q)).isEqualTo(model.pollAll());
    }
}
