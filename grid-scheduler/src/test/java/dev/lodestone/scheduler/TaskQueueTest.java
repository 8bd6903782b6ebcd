package dev.lodestone.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestone.api.task.Priority;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskQueueTest {

    private static final int LOW = Priority.LOW.ordinal();
    private static final int NORMAL = Priority.NORMAL.ordinal();
    private static final int HIGH = Priority.HIGH.ordinal();
    private static final int CRITICAL = Priority.CRITICAL.ordinal();
    private static final int BACKGROUND = Priority.BACKGROUND.ordinal();

    private static final long A = 1;
    private static final long B = 2;
    private static final long C = 3;

    private static Job job(int level, long submitter, long sequence) {
        return Job.of(level, submitter, sequence);
    }

    /**
     * Aging on, on a clock that never moves: no level is ever lifted, so these tests see plain
     * priority and round robin while the aging code runs (TaskQueueAgingTest moves the clock).
     */
    private static TaskQueue<Job> queue(int levels, int capacity) {
        return new TaskQueue<>(levels, capacity, new ManualClock(), AgingPolicy.defaults());
    }

    private static TaskQueue<Job> queue(int capacity) {
        return queue(Priority.values().length, capacity);
    }

    private static TaskQueue<Job> queue() {
        return queue(10_000);
    }

    private static List<Job> pollAll(TaskQueue<Job> q) {
        List<Job> out = new ArrayList<>();
        for (Job j = q.poll(); j != null; j = q.poll()) {
            out.add(j);
        }
        return out;
    }

    // ---- construction ----

    @Test
    void constructorRejectsBadArgumentsNamingTheValue() {
        assertThatThrownBy(() -> new TaskQueue<Job>(0, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("levels").hasMessageContaining("was 0");
        assertThatThrownBy(() -> new TaskQueue<Job>(-3, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was -3");
        assertThatThrownBy(() -> new TaskQueue<Job>(5, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity").hasMessageContaining("was 0");
        assertThatThrownBy(() -> new TaskQueue<Job>(5, TaskQueue.MAX_CAPACITY + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was " + (TaskQueue.MAX_CAPACITY + 1));
    }

    @Test
    void forPrioritiesHasOneLevelPerPriority() {
        TaskQueue<Job> q = TaskQueue.forPriorities(7);
        assertThat(q.levels()).isEqualTo(Priority.values().length);
        assertThat(q.capacity()).isEqualTo(7);
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.poll()).isNull();
    }

    @Test
    void offerRejectsLevelOutsideTheQueueNamingTheValue() {
        TaskQueue<Job> q = queue(3, 10);
        assertThatThrownBy(() -> q.offer(job(3, A, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 3").hasMessageContaining("0 and 2");
        assertThatThrownBy(() -> q.offer(job(-1, A, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was -1");
        assertThatThrownBy(() -> q.offer(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> q.size(3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 3");
        assertThat(q.size()).isZero();
    }

    // ---- order ----

    @Test
    void higherPriorityLevelsComeFirst() {
        TaskQueue<Job> q = queue();
        q.offer(job(BACKGROUND, A, 1));
        q.offer(job(NORMAL, B, 1));
        q.offer(job(CRITICAL, C, 1));
        q.offer(job(LOW, A, 2));
        q.offer(job(HIGH, B, 2));

        assertThat(pollAll(q)).extracting(Job::priorityLevel).containsExactly(CRITICAL, HIGH, NORMAL, LOW, BACKGROUND);
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void lowerLevelWaitsWhileAHigherOneHasWorkEvenWhenTheHigherArrivesLater() {
        TaskQueue<Job> q = queue();
        q.offer(job(LOW, A, 1));
        q.offer(job(LOW, A, 2));
        assertThat(q.poll()).isEqualTo(job(LOW, A, 1));
        q.offer(job(HIGH, B, 1));
        assertThat(q.poll()).isEqualTo(job(HIGH, B, 1));
        assertThat(q.poll()).isEqualTo(job(LOW, A, 2));
    }

    @Test
    void oneSubmitterIsServedInOfferOrder() {
        TaskQueue<Job> q = queue();
        for (int s = 1; s <= 50; s++) {
            q.offer(job(NORMAL, A, s));
        }
        assertThat(pollAll(q)).extracting(Job::sequence).containsExactlyElementsOf(range(1, 50));
    }

    @Test
    void offerOrderWinsOverSequenceWhenTheyDisagree() {
        TaskQueue<Job> q = queue();
        q.offer(job(NORMAL, A, 5));
        q.offer(job(NORMAL, A, 3));
        q.offer(job(NORMAL, A, 9));
        q.offer(job(NORMAL, A, 1));
        assertThat(pollAll(q)).extracting(Job::sequence).containsExactly(5L, 3L, 9L, 1L);
    }

    @Test
    void submittersAtOneLevelTakeTurnsInTheOrderTheyArrived() {
        TaskQueue<Job> q = queue();
        q.offer(job(NORMAL, B, 1));
        q.offer(job(NORMAL, B, 2));
        q.offer(job(NORMAL, A, 1));
        q.offer(job(NORMAL, B, 3));
        q.offer(job(NORMAL, C, 1));
        q.offer(job(NORMAL, A, 2));

        assertThat(pollAll(q)).containsExactly(
                job(NORMAL, B, 1), job(NORMAL, A, 1), job(NORMAL, C, 1),
                job(NORMAL, B, 2), job(NORMAL, A, 2),
                job(NORMAL, B, 3));
    }

    @Test
    void aBigSubmitterDoesNotStarveASmallOne() {
        TaskQueue<Job> q = queue();
        for (int s = 1; s <= 1000; s++) {
            q.offer(job(NORMAL, A, s));
        }
        for (int s = 1; s <= 10; s++) {
            q.offer(job(NORMAL, B, s));
        }

        List<Job> first20 = new ArrayList<>();
        q.drainTo(first20, 20);
        assertThat(first20).filteredOn(j -> j.submitterId() == B).extracting(Job::sequence).containsExactlyElementsOf(range(1, 10));
        assertThat(first20).filteredOn(j -> j.submitterId() == A).extracting(Job::sequence).containsExactlyElementsOf(range(1, 10));
        assertThat(q.poll()).isEqualTo(job(NORMAL, A, 11));
    }

    @Test
    void aSubmitterThatRanDryRejoinsAtTheBackOfTheRing() {
        TaskQueue<Job> q = queue();
        q.offer(job(NORMAL, A, 1));
        q.offer(job(NORMAL, B, 1));
        q.offer(job(NORMAL, B, 2));
        q.offer(job(NORMAL, C, 1));
        q.offer(job(NORMAL, C, 2));

        assertThat(q.poll()).isEqualTo(job(NORMAL, A, 1));
        assertThat(q.submitters(NORMAL)).isEqualTo(2);
        q.offer(job(NORMAL, A, 2));

        assertThat(pollAll(q)).containsExactly(
                job(NORMAL, B, 1), job(NORMAL, C, 1), job(NORMAL, A, 2),
                job(NORMAL, B, 2), job(NORMAL, C, 2));
    }

    @Test
    void turnsAreKeptPerLevel() {
        TaskQueue<Job> q = queue();
        q.offer(job(HIGH, A, 1));
        q.offer(job(HIGH, A, 2));
        q.offer(job(HIGH, B, 1));
        q.offer(job(LOW, B, 3));
        q.offer(job(LOW, A, 3));
        q.offer(job(LOW, B, 4));

        assertThat(pollAll(q)).containsExactly(
                job(HIGH, A, 1), job(HIGH, B, 1), job(HIGH, A, 2),
                job(LOW, B, 3), job(LOW, A, 3), job(LOW, B, 4));
    }

    // ---- capacity ----

    @Test
    void offerRefusesWhenFullAndLeavesTheQueueUnchanged() {
        TaskQueue<Job> q = queue(3);
        assertThat(q.offer(job(LOW, A, 1))).isTrue();
        assertThat(q.offer(job(LOW, A, 2))).isTrue();
        assertThat(q.offer(job(HIGH, B, 1))).isTrue();

        assertThat(q.offer(job(CRITICAL, C, 1))).isFalse();
        assertThat(q.size()).isEqualTo(3);
        assertThat(q.size(CRITICAL)).isZero();

        assertThat(q.poll()).isEqualTo(job(HIGH, B, 1));
        assertThat(q.offer(job(CRITICAL, C, 1))).isTrue();
        assertThat(pollAll(q)).containsExactly(job(CRITICAL, C, 1), job(LOW, A, 1), job(LOW, A, 2));
    }

    @Test
    void offerAllAddsTheLeadingTasksThatFit() {
        TaskQueue<Job> q = queue(5);
        q.offer(job(NORMAL, C, 1));
        q.offer(job(NORMAL, C, 2));
        List<Job> batch = new LinkedList<>(List.of(job(LOW, A, 1), job(HIGH, A, 2), job(NORMAL, B, 1), job(CRITICAL, B, 2)));

        assertThat(q.offerAll(batch)).isEqualTo(3);
        assertThat(q.size()).isEqualTo(5);
        assertThat(q.offerAll(batch)).isZero();
        assertThat(pollAll(q)).containsExactly(job(HIGH, A, 2), job(NORMAL, C, 1), job(NORMAL, B, 1), job(NORMAL, C, 2), job(LOW, A, 1));
        assertThat(q.offerAll(List.of())).isZero();
    }

    @Test
    void offerAllWithABadTaskAddsNothing() {
        TaskQueue<Job> q = queue(2, 10);
        List<Job> batch = List.of(job(0, A, 1), job(1, A, 2), job(2, A, 3));
        assertThatThrownBy(() -> q.offerAll(batch)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 2");
        assertThat(q.size()).isZero();
        assertThat(q.poll()).isNull();
    }

    @Test
    void offerAllDoesNotValidateTasksThatWouldNotFit() {
        TaskQueue<Job> q = queue(2, 2);
        assertThat(q.offerAll(List.of(job(0, A, 1), job(1, A, 2), job(9, A, 3)))).isEqualTo(2);
    }

    // ---- remove ----

    @Test
    void removeHeadMiddleAndTailOfOneSubmitter() {
        TaskQueue<Job> q = queue();
        for (int s = 1; s <= 7; s++) {
            q.offer(job(NORMAL, A, s));
        }

        assertThat(q.remove(job(NORMAL, A, 1))).isTrue();
        assertThat(q.remove(job(NORMAL, A, 4))).isTrue();
        assertThat(q.remove(job(NORMAL, A, 7))).isTrue();
        assertThat(q.size()).isEqualTo(4);
        assertThat(q.size(NORMAL)).isEqualTo(4);

        assertThat(q.remove(job(NORMAL, A, 4))).as("already removed").isFalse();
        assertThat(q.size()).isEqualTo(4);
        assertThat(pollAll(q)).extracting(Job::sequence).containsExactly(2L, 3L, 5L, 6L);
    }

    @Test
    void cancellingFromTheBackFreesSlotsAtOnce() {
        TaskQueue<Job> q = queue();
        for (int s = 1; s <= 6; s++) {
            q.offer(job(NORMAL, A, s));
        }
        assertThat(q.remove(job(NORMAL, A, 4))).isTrue();
        assertThat(q.remove(job(NORMAL, A, 6))).isTrue();
        assertThat(q.remove(job(NORMAL, A, 5))).isTrue();
        assertThat(q.size()).isEqualTo(3);
        assertThat(q.slotsUsed(NORMAL)).as("the tombstone for 4 went with 5").isEqualTo(3);
        assertThat(pollAll(q)).extracting(Job::sequence).containsExactly(1L, 2L, 3L);
    }

    @Test
    void removeFromALevelOtherThanTheNextOne() {
        TaskQueue<Job> q = queue();
        q.offer(job(HIGH, A, 1));
        q.offer(job(LOW, A, 2));
        q.offer(job(LOW, B, 1));
        q.offer(job(LOW, A, 3));

        assertThat(q.remove(job(LOW, A, 2))).isTrue();
        assertThat(q.size()).isEqualTo(3);
        assertThat(q.size(LOW)).isEqualTo(2);
        assertThat(q.size(HIGH)).isEqualTo(1);
        assertThat(pollAll(q)).containsExactly(job(HIGH, A, 1), job(LOW, A, 3), job(LOW, B, 1));
    }

    @Test
    void removeFindsNothingThatIsNotQueued() {
        TaskQueue<Job> q = queue();
        q.offer(job(NORMAL, A, 1));
        q.offer(job(NORMAL, A, 2));
        q.offer(job(NORMAL, A, 3));
        assertThat(q.poll()).isEqualTo(job(NORMAL, A, 1));

        assertThat(q.remove(job(NORMAL, A, 1))).as("already polled").isFalse();
        assertThat(q.remove(job(HIGH, A, 2))).as("wrong level").isFalse();
        assertThat(q.remove(job(NORMAL, B, 2))).as("wrong submitter").isFalse();
        assertThat(q.remove(job(NORMAL, A, 4))).as("never offered").isFalse();
        assertThat(q.remove(job(17, A, 2))).as("no such level").isFalse();
        assertThatThrownBy(() -> q.remove(null)).isInstanceOf(NullPointerException.class);
        assertThat(q.size()).isEqualTo(2);
        assertThat(pollAll(q)).extracting(Job::sequence).containsExactly(2L, 3L);
    }

    @Test
    void removingTheTaskWhoseTurnItIsPassesTheTurnOn() {
        TaskQueue<Job> q = queue();
        q.offer(job(NORMAL, A, 1));
        q.offer(job(NORMAL, B, 1));
        q.offer(job(NORMAL, C, 1));
        q.offer(job(NORMAL, A, 2));
        assertThat(q.poll()).isEqualTo(job(NORMAL, A, 1));

        assertThat(q.remove(job(NORMAL, B, 1))).as("B's turn is next").isTrue();
        assertThat(q.submitters(NORMAL)).as("B has nothing left at NORMAL").isEqualTo(2);
        assertThat(q.poll()).isEqualTo(job(NORMAL, C, 1));
        assertThat(q.poll()).isEqualTo(job(NORMAL, A, 2));
        assertThat(q.poll()).isNull();
        assertThat(q.submitters(NORMAL)).isZero();
    }

    @Test
    void removeWorksWhenSequencesWereOfferedOutOfOrder() {
        TaskQueue<Job> q = queue();
        long[] sequences = {10, 20, 5, 30, 1, 40};
        for (long s : sequences) {
            q.offer(job(NORMAL, A, s));
        }
        assertThat(q.remove(job(NORMAL, A, 5))).isTrue();
        assertThat(q.remove(job(NORMAL, A, 30))).isTrue();
        assertThat(q.remove(job(NORMAL, A, 30))).isFalse();
        assertThat(q.remove(job(NORMAL, A, 2))).isFalse();
        assertThat(q.size()).isEqualTo(4);
        assertThat(pollAll(q)).extracting(Job::sequence).containsExactly(10L, 20L, 1L, 40L);
    }

    @Test
    void removeNeedsAnEqualTaskNotJustTheSameSequence() {
        record Other(int priorityLevel, long submitterId, long sequence, String name) implements Schedulable {
        }
        TaskQueue<Other> q = TaskQueue.forPriorities(10);
        q.offer(new Other(NORMAL, A, 1, "x"));
        assertThat(q.remove(new Other(NORMAL, A, 1, "y"))).isFalse();
        assertThat(q.remove(new Other(NORMAL, A, 1, "x"))).isTrue();
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void cancelledTasksDoNotPileUpInTheRing() {
        TaskQueue<Job> q = queue(200_000);
        q.offer(job(NORMAL, A, 0));
        long s = 1;
        // Offer/cancel churn behind a task that is never polled: without compaction every cancelled slot would stay.
        for (int round = 0; round < 100_000; round++) {
            Job x = job(NORMAL, A, s++);
            Job y = job(NORMAL, A, s++);
            q.offer(x);
            q.offer(y);
            assertThat(q.remove(x)).isTrue();
        }
        assertThat(q.size()).isEqualTo(100_001);
        for (int i = 0; i < 99_990; i++) {
            assertThat(q.remove(job(NORMAL, A, 2L * i + 2))).isTrue();
        }
        assertThat(q.size()).isEqualTo(11);
        assertThat(q.slotsUsed(NORMAL)).isLessThanOrEqualTo(2 * q.size());
        assertThat(pollAll(q)).extracting(Job::sequence).startsWith(0L, 2L * 99_990 + 2).hasSize(11);
    }

    // ---- drainTo ----

    @Test
    void drainToTakesTasksInPollOrder() {
        TaskQueue<Job> drained = queue();
        TaskQueue<Job> polled = queue();
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            Job j = job(random.nextInt(5), random.nextInt(7), i);
            drained.offer(j);
            polled.offer(j);
        }

        List<Job> viaDrain = new ArrayList<>();
        int max = 1;
        while (!drained.isEmpty()) {
            int before = drained.size();
            int n = drained.drainTo(viaDrain, max);
            assertThat(n).isEqualTo(Math.min(max, before));
            max = max % 13 + 1;
        }
        assertThat(viaDrain).hasSize(500).containsExactlyElementsOf(pollAll(polled));
        assertThat(drained.drainTo(viaDrain, 10)).isZero();
    }

    @Test
    void drainToRespectsMax() {
        TaskQueue<Job> q = queue();
        for (int s = 1; s <= 5; s++) {
            q.offer(job(NORMAL, A, s));
        }
        List<Job> out = new ArrayList<>();
        assertThat(q.drainTo(out, 0)).isZero();
        assertThat(q.drainTo(out, 3)).isEqualTo(3);
        assertThat(out).extracting(Job::sequence).containsExactly(1L, 2L, 3L);
        assertThat(q.size()).isEqualTo(2);
        assertThatThrownBy(() -> q.drainTo(out, -1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was -1");
    }

    // ---- scale ----

    @Test
    void holdsAMillionTasksAndStillServesTheSmallSubmitter() {
        TaskQueue<Job> q = queue(1_000_010);
        for (int s = 0; s < 1_000_000; s++) {
            assertThat(q.offer(job(NORMAL, A, s))).isTrue();
        }
        for (int s = 0; s < 10; s++) {
            q.offer(job(NORMAL, B, s));
        }
        assertThat(q.offer(job(NORMAL, C, 0))).isFalse();
        assertThat(q.remove(job(NORMAL, A, 500_000))).isTrue();

        List<Job> first20 = new ArrayList<>();
        q.drainTo(first20, 20);
        assertThat(first20).filteredOn(j -> j.submitterId() == B).hasSize(10);
        long expected = 10;
        for (Job j = q.poll(); j != null; j = q.poll()) {
            if (expected == 500_000) {
                expected++;
            }
            if (j.sequence() != expected) {
                assertThat(j.sequence()).isEqualTo(expected);
            }
            expected++;
        }
        assertThat(expected).isEqualTo(1_000_000);
        assertThat(q.submitters(NORMAL)).isZero();
    }

    // ---- against a model ----

    @ParameterizedTest(name = "seed {0}, capacity {1}, {2} submitters, {3}% out of order, half-life {4} ns")
    @CsvSource({
        "1, 64, 3, 0, 0",
        "2, 500, 10, 0, 0",
        "3, 200, 5, 5, 0",
        "4, 40, 40, 20, 0",
        "5, 5000, 2, 1, 0",
        "6, 64, 3, 0, 1000",
        "7, 500, 10, 0, 1000",
        "8, 40, 40, 20, 1000",
        "9, 5000, 2, 1, 1000",
    })
    void behavesLikeASimpleModel(long seed, int capacity, int submitters, int outOfOrderPercent, long halfLifeNanos) {
        Random random = new Random(seed);
        int levels = Priority.values().length;
        ManualClock clock = new ManualClock();
        FairShare share = halfLifeNanos == 0 ? FairShare.roundRobin() : FairShare.decaying(Duration.ofNanos(halfLifeNanos));
        TaskQueue<Job> q = new TaskQueue<>(levels, capacity, clock, AgingPolicy.strict(), share);
        QueueModel<Job> model = new QueueModel<>(levels, capacity, clock, 0, halfLifeNanos);
        long[] lastSequence = new long[submitters];
        long late = 0;
        List<Job> offered = new ArrayList<>();

        // The decaying model sums each submitter's whole history on every choice: fewer steps keep it to seconds.
        int ops = halfLifeNanos == 0 ? 200_000 : 40_000;
        for (int op = 0; op < ops; op++) {
            int dice = random.nextInt(100);
            String step = "op " + op + " (seed " + seed + ")";
            if (dice < 40 || dice < 45 && random.nextBoolean()) {
                int submitter = random.nextInt(submitters);
                long sequence = random.nextInt(100) < outOfOrderPercent ? --late : ++lastSequence[submitter];
                Job j = job(random.nextInt(levels), submitter, sequence);
                offered.add(j);
                assertThat(q.offer(j)).as(step).isEqualTo(model.offer(j));
            } else if (dice < 48) {
                List<Job> batch = new ArrayList<>();
                for (int i = random.nextInt(20); i > 0; i--) {
                    int submitter = random.nextInt(submitters);
                    batch.add(job(random.nextInt(levels), submitter, ++lastSequence[submitter]));
                }
                offered.addAll(batch);
                model.checkOfferAll(q, batch, step);
            } else if (dice < 78) {
                assertThat(q.poll()).as(step).isEqualTo(model.poll());
            } else if (dice < 81) {
                model.checkDrainTo(q, random.nextInt(12), step);
            } else if (dice < 83) {
                int mod = 1 + random.nextInt(4);
                long salt = random.nextInt(4);
                model.checkTakeMatching(q, j -> Math.floorMod(j.sequence() + j.submitterId() + salt, mod) == 0, random.nextInt(12),
                        random.nextBoolean() ? random.nextInt(40) : Integer.MAX_VALUE, step);
            } else if (!offered.isEmpty()) {
                model.checkRemove(q, offered, Math.min(offered.size(), dice < 95 ? 2 * capacity : offered.size()), random, step);
            }
            if (halfLifeNanos != 0 && random.nextInt(500) == 0) {
                clock.advanceNanos(halfLifeNanos * (1 + random.nextInt(3))); // whole half-lives: exact ties, ~800 in all
            }
            if (op % 97 == 0) {
                model.checkState(q, step);
            }
            assertThat(q.size()).as(step).isEqualTo(model.size);
        }
        assertThat(pollAll(q)).isEqualTo(model.pollAll());
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }
}
