package dev.lodestone.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lodestone.api.task.Priority;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sharing a level between submitters by least recent service ({@link FairShare}): the small job beside a big
 * batch goes first, usage decays with its half-life, survives a submitter's running out of tasks, and the
 * bound of the {@link TaskQueue} class comment holds.
 */
class TaskQueueFairShareTest {

    private static final int NORMAL = Priority.NORMAL.ordinal();
    private static final long BIG = 1;
    private static final long SMALL = 2;
    private static final long MS = 1_000_000;
    private static final Duration HALF_LIFE = Duration.ofMillis(100);

    private final ManualClock clock = new ManualClock();
    private final TaskQueue<Job> q = TaskQueue.forPriorities(1_000_000, clock, AgingPolicy.defaults(), FairShare.decaying(HALF_LIFE));
    private final Map<Long, Long> sequences = new HashMap<>();

    private void offer(long submitter, int count) {
        for (int i = 0; i < count; i++) {
            assertThat(q.offer(Job.of(NORMAL, submitter, sequences.merge(submitter, 1L, Long::sum)))).isTrue();
        }
    }

    private List<Long> pollSubmitters(int count) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(q.poll().submitterId());
        }
        return out;
    }

    @Test
    void aSmallJobBesideABigBatchGoesFirstUntilItsUsageCatchesUp() {
        offer(BIG, 1_000);
        pollSubmitters(50); // the batch has had 50 tasks, all "now": usage 50
        offer(SMALL, 10);

        assertThat(pollSubmitters(10)).as("round robin would alternate; the small job has had nothing").containsOnly(SMALL);
        assertThat(q.poll().submitterId()).isEqualTo(BIG);
    }

    @Test
    void aNewcomerPassesAtMostTheBatchsUsageThenTheyTakeTurns() {
        offer(BIG, 1_000);
        pollSubmitters(5);
        offer(SMALL, 100);

        assertThat(pollSubmitters(5)).containsOnly(SMALL);
        // equal usage: the one served longest ago first, then turns
        assertThat(pollSubmitters(6)).containsExactly(BIG, SMALL, BIG, SMALL, BIG, SMALL);
    }

    @Test
    void usageHalvesEveryHalfLife() {
        offer(BIG, 1_000);
        pollSubmitters(40);
        assertThat(q.usage(NORMAL, BIG, clock.nanoTime())).isEqualTo(40.0);
        clock.advance(HALF_LIFE.multipliedBy(2));
        assertThat(q.usage(NORMAL, BIG, clock.nanoTime())).isEqualTo(10.0);

        offer(SMALL, 100);
        assertThat(pollSubmitters(10)).as("the batch's 40 tasks now count as 10").containsOnly(SMALL);
        assertThat(q.poll().submitterId()).isEqualTo(BIG);
    }

    @Test
    void aSubmitterWhoseTasksRanOutIsNotTakenForANewcomerWhenItComesBack() {
        offer(BIG, 1_000);
        offer(SMALL, 20);
        pollSubmitters(40); // 20 each
        assertThat(q.usage(NORMAL, SMALL, clock.nanoTime())).isEqualTo(20.0);
        assertThat(q.submitters(NORMAL)).isEqualTo(1);

        offer(SMALL, 20);

        assertThat(pollSubmitters(4)).as("it comes back with its 20, level with the batch").containsExactly(BIG, SMALL, BIG, SMALL);
    }

    @Test
    void roundRobinPutsANewcomerBehindEveryoneAlreadyThere() {
        TaskQueue<Job> rr = TaskQueue.forPriorities(100, clock, AgingPolicy.defaults(), FairShare.roundRobin());
        for (int i = 1; i <= 5; i++) {
            rr.offer(Job.of(NORMAL, BIG, i));
        }
        rr.poll();
        rr.poll();
        rr.offer(Job.of(NORMAL, SMALL, 1));
        rr.offer(Job.of(NORMAL, SMALL, 2));

        List<Long> order = new ArrayList<>();
        for (Job j = rr.poll(); j != null; j = rr.poll()) {
            order.add(j.submitterId());
        }
        assertThat(order).containsExactly(BIG, SMALL, BIG, SMALL, BIG);
        assertThat(rr.usage(NORMAL, BIG, clock.nanoTime())).isZero();
    }

    @Test
    void orderAndUsageSurviveRebasingAndDepartedSubmittersAreForgotten() {
        offer(BIG, 100_000);
        offer(SMALL, 3);
        pollSubmitters(6);
        assertThat(q.submitters(NORMAL)).isEqualTo(1);
        // ~200 half-lives, serving the batch 10 times each: rebases happen at 64 and 128 and 192
        for (int i = 0; i < 200; i++) {
            clock.advance(HALF_LIFE);
            pollSubmitters(10);
        }
        double batch = q.usage(NORMAL, BIG, clock.nanoTime());
        assertThat(batch).as("10 per half-life: 10 + 5 + 2.5 + ... = 20").isCloseTo(20.0, within(1e-6));
        assertThat(q.usage(NORMAL, SMALL, clock.nanoTime())).as("decayed below half a task and forgotten").isZero();

        offer(SMALL, 25);
        assertThat(pollSubmitters(20)).containsOnly(SMALL);
        assertThat(pollSubmitters(2)).containsExactly(BIG, SMALL);
    }

    @Test
    void takeMatchingLooksAtTheLeastUsedSubmitterFirst() {
        offer(BIG, 100);
        pollSubmitters(10);
        offer(SMALL, 3);

        List<Job> taken = new ArrayList<>();
        q.takeMatching(j -> true, 4, Integer.MAX_VALUE, taken);

        assertThat(taken).extracting(Job::submitterId).containsExactly(SMALL, BIG, SMALL, BIG);
    }

    /**
     * The bound of the class comment: a submitter with usage {@code u} when it starts waiting is served within
     * {@code n * (1 + u)} services of its level, {@code n} being the other submitters with tasks there meanwhile,
     * newcomers included, however the clock moves.
     */
    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"1", "2", "3", "4", "5"})
    void aWaitingSubmitterIsPassedAtMostOnePlusItsUsageTimesByEachOther(long seed) {
        Random random = new Random(seed);
        long nextSubmitter = 10;
        Map<Long, Long> waitingSince = new HashMap<>(); // submitter -> services of the level since it started waiting
        Map<Long, Double> usageAtStart = new HashMap<>();
        Map<Long, Set<Long>> passers = new HashMap<>();
        offer(BIG, 100_000);
        for (int op = 0; op < 20_000; op++) {
            int dice = random.nextInt(100);
            if (dice < 3) {
                offer(nextSubmitter++, 1 + random.nextInt(30));
            } else if (dice < 6) {
                clock.advanceNanos(random.nextInt(50) * MS);
            } else {
                for (Long s : waitersOf()) {
                    if (!waitingSince.containsKey(s)) {
                        waitingSince.put(s, 0L);
                        usageAtStart.put(s, q.usage(NORMAL, s, clock.nanoTime()));
                        passers.put(s, new HashSet<>());
                    }
                }
                long served = q.poll().submitterId();
                waitingSince.remove(served);
                usageAtStart.remove(served);
                passers.remove(served);
                for (Map.Entry<Long, Long> w : waitingSince.entrySet()) {
                    long waiter = w.getKey();
                    w.setValue(w.getValue() + 1);
                    passers.get(waiter).add(served);
                    long n = passers.get(waiter).size();
                    double bound = n * (1 + usageAtStart.get(waiter));
                    assertThat((double) w.getValue()).as("op %d: %d waited %d services, passed by %d others, usage %.3f",
                            op, waiter, w.getValue(), n, usageAtStart.get(waiter)).isLessThanOrEqualTo(bound);
                }
            }
        }
    }

    private List<Long> waitersOf() {
        return sequences.keySet().stream().filter(s -> q.hasTasks(NORMAL, s)).toList();
    }

    @Test
    void fairShareChecksItsHalfLife() {
        assertThat(FairShare.defaults().halfLife()).isEqualTo(Duration.ofSeconds(1));
        assertThat(new FairShare(Duration.ZERO)).isEqualTo(FairShare.roundRobin());
        assertThat(FairShare.roundRobin().decays()).isFalse();
        assertThat(FairShare.decaying(Duration.ofDays(365 * 1000)).halfLifeNanos()).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> new FairShare(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> FairShare.decaying(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("roundRobin()");
        assertThatThrownBy(() -> new FairShare(null)).isInstanceOf(NullPointerException.class);
        assertThat(q.fairShare()).isEqualTo(FairShare.decaying(HALF_LIFE));
        assertThat(q.toString()).contains("half-life PT0.1S");
    }
}
