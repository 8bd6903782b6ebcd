package dev.lodestone.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The queue's rules written the obvious way, as the reference for randomized tests: lists, linear
 * searches, the clock read at every step, and every level weighed at every poll by the rule of the
 * class comment of {@link TaskQueue} (effective level from the level's served time, then the earlier
 * served time, then the higher level). With {@code stepNanos = 0} nothing ages: strict priority.
 * Within a level, the submitter with the least usage, {@code sum of 2^(-(now - t) / halfLife)} over the
 * times {@code t} it was served at that level (kept after its tasks run out), has the turn, the
 * earliest in turn order among equals; with {@code halfLifeNanos = 0}, plain round robin.
 */
final class QueueModel<J extends Schedulable> {
    private final int capacity;
    private final Clock time;
    private final long stepNanos;
    private final int top;
    /** Per level, the submitters with tasks in turn order: index 0 has the turn. */
    private final List<List<Long>> turns = new ArrayList<>();
    private final List<Map<Long, Deque<J>>> fifos = new ArrayList<>();
    private final long[] served;
    private final long halfLifeNanos;
    /** Per level, per submitter, the times it was served at that level; only while usage decays. */
    private final List<Map<Long, List<Long>>> serviceTimes = new ArrayList<>();
    private Long epoch;
    int size;
    long lifted;

    QueueModel(int levels, int capacity, Clock time, long stepNanos) {
        this(levels, capacity, time, stepNanos, 0);
    }

    QueueModel(int levels, int capacity, Clock time, long stepNanos, long halfLifeNanos) {
        this.halfLifeNanos = halfLifeNanos;
        this.capacity = capacity;
        this.time = time;
        this.stepNanos = stepNanos;
        this.top = levels - 1;
        this.served = new long[levels];
        for (int i = 0; i < levels; i++) {
            turns.add(new ArrayList<>());
            fifos.add(new HashMap<>());
            serviceTimes.add(new HashMap<>());
        }
    }

    boolean offer(J j) {
        if (size == capacity) {
            return false;
        }
        int l = j.priorityLevel();
        if (size(l) == 0) {
            served[l] = time.nanoTime();
        }
        Deque<J> fifo = fifos.get(l).get(j.submitterId());
        if (fifo == null) {
            fifo = new ArrayDeque<>();
            fifos.get(l).put(j.submitterId(), fifo);
            turns.get(l).add(j.submitterId());
        }
        fifo.addLast(j);
        size++;
        return true;
    }

    /** {@code min(top, l + floor((now - served(l)) / step))}, or {@code l} when nothing ages. */
    int effective(int l, long now) {
        if (stepNanos == 0) {
            return l;
        }
        long waited = Math.max(0, now - served[l]);
        return l + (int) Math.min(top - l, waited / stepNanos);
    }

    /** Whether level {@code a} is served before level {@code b} at {@code now}: effective level, then earlier served, then higher. */
    private boolean before(int a, int b, long now) {
        int ea = effective(a, now);
        int eb = effective(b, now);
        if (ea != eb) {
            return ea > eb;
        }
        if (stepNanos != 0 && served[a] != served[b]) {
            return served[a] - served[b] < 0;
        }
        return a > b;
    }

    J poll() {
        long now = time.nanoTime();
        int highest = -1;
        int best = -1;
        for (int l = 0; l <= top; l++) {
            if (turns.get(l).isEmpty()) {
                continue;
            }
            highest = l;
            if (best < 0 || before(l, best, now)) {
                best = l;
            }
        }
        if (best < 0) {
            return null;
        }
        if (best != highest) {
            lifted++;
        }
        served[best] = now;
        List<Long> ring = turns.get(best);
        Long submitter = ring.get(0);
        for (Long s : ring) {
            if (usage(best, s, now) < usage(best, submitter, now)) {
                submitter = s;
            }
        }
        ring.remove(submitter);
        if (halfLifeNanos != 0) {
            forgetDepartedEvery64HalfLives(now);
            serviceTimes.get(best).computeIfAbsent(submitter, s -> new ArrayList<>()).add(now);
        }
        Deque<J> fifo = fifos.get(best).get(submitter);
        J j = fifo.pollFirst();
        if (fifo.isEmpty()) {
            fifos.get(best).remove(submitter);
        } else {
            ring.add(submitter);
        }
        size--;
        return j;
    }

    /**
     * The queue's documented memory bound: from the first service on, every 64 half-lives (checked when
     * serving) the usage of submitters with no tasks at a level is forgotten once below half a task.
     */
    private void forgetDepartedEvery64HalfLives(long now) {
        if (epoch == null) {
            epoch = now;
        }
        if ((double) (now - epoch) / halfLifeNanos <= 64) {
            return;
        }
        for (int l = 0; l <= top; l++) {
            int level = l;
            serviceTimes.get(l).keySet().removeIf(s -> !fifos.get(level).containsKey(s) && usage(level, s, now) < 0.5);
        }
        epoch = now;
    }

    /** {@code sum of 2^(-(now - t) / halfLife)} over the times {@code submitter} was served at {@code level}. */
    double usage(int level, Long submitter, long now) {
        double sum = 0;
        for (long t : serviceTimes.get(level).getOrDefault(submitter, List.of())) {
            sum += Math.pow(2, -(double) (now - t) / halfLifeNanos);
        }
        return sum;
    }

    boolean remove(J j) {
        Deque<J> fifo = fifos.get(j.priorityLevel()).get(j.submitterId());
        if (fifo == null || !fifo.remove(j)) {
            return false;
        }
        if (fifo.isEmpty()) {
            fifos.get(j.priorityLevel()).remove(j.submitterId());
            turns.get(j.priorityLevel()).remove(Long.valueOf(j.submitterId()));
        }
        size--;
        return true;
    }

    /**
     * The first {@code limit} tasks strict priority would poll at {@code level}, in that order, with
     * nothing offered meanwhile: rounds from the turn. Leaves the model as it is.
     */
    List<J> strictOrder(int level, int limit) {
        List<Iterator<J>> its = new ArrayList<>();
        long now = time.nanoTime();
        List<Long> order = new ArrayList<>(turns.get(level));
        order.sort(Comparator.comparingDouble(s -> usage(level, s, now))); // stable: ties keep turn order
        for (Long s : order) {
            its.add(fifos.get(level).get(s).iterator());
        }
        List<J> tasks = new ArrayList<>();
        for (boolean more = true; more && tasks.size() < limit; ) {
            more = false;
            for (Iterator<J> it : its) {
                if (it.hasNext() && tasks.size() < limit) {
                    tasks.add(it.next());
                    more = true;
                }
            }
        }
        return tasks;
    }

    /** {@link TaskQueue#takeMatching} by its Javadoc: look at tasks in strict poll order, take the eligible ones. */
    List<J> takeMatching(Predicate<? super J> eligible, int max, int scanLimit) {
        List<J> taken = new ArrayList<>();
        int scanned = 0;
        for (int l = top; l >= 0; l--) {
            for (J j : strictOrder(l, scanLimit - scanned)) {
                if (taken.size() == max || scanned == scanLimit) {
                    break;
                }
                scanned++;
                if (eligible.test(j)) {
                    taken.add(j);
                }
            }
        }
        Set<J> gone = Collections.newSetFromMap(new IdentityHashMap<>());
        gone.addAll(taken);
        for (int l = 0; l <= top; l++) {
            for (Iterator<Map.Entry<Long, Deque<J>>> it = fifos.get(l).entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Long, Deque<J>> e = it.next();
                e.getValue().removeIf(gone::contains);
                if (e.getValue().isEmpty()) {
                    it.remove();
                    turns.get(l).remove(e.getKey());
                }
            }
        }
        size -= taken.size();
        return taken;
    }

    int size(int level) {
        return fifos.get(level).values().stream().mapToInt(Deque::size).sum();
    }

    int submitters(int level) {
        return fifos.get(level).size();
    }

    long served(int level) {
        return served[level];
    }

    List<J> pollAll() {
        List<J> out = new ArrayList<>();
        for (J j = poll(); j != null; j = poll()) {
            out.add(j);
        }
        return out;
    }

    /** Offers the batch to both; the queue must accept exactly the prefix the model accepts. */
    void checkOfferAll(TaskQueue<J> q, List<J> batch, String step) {
        int expected = 0;
        while (expected < batch.size() && offer(batch.get(expected))) {
            expected++;
        }
        assertThat(q.offerAll(batch)).as(step).isEqualTo(expected);
    }

    /** Drains up to {@code max} from both; same count, same order. */
    void checkDrainTo(TaskQueue<J> q, int max, String step) {
        List<J> actual = new ArrayList<>();
        List<J> expected = new ArrayList<>();
        for (J j = max > 0 ? poll() : null; j != null; j = expected.size() < max ? poll() : null) {
            expected.add(j);
        }
        assertThat(q.drainTo(actual, max)).as(step).isEqualTo(expected.size());
        assertThat(actual).as(step).isEqualTo(expected);
    }

    /**
     * Removes one offered task from both: mostly a recent one, likely still queued; older ones
     * exercise the not-found paths.
     */
    void checkRemove(TaskQueue<J> q, List<J> offered, int window, Random random, String step) {
        J j = offered.get(offered.size() - 1 - random.nextInt(window));
        assertThat(q.remove(j)).as(step + " remove " + j).isEqualTo(remove(j));
    }

    /** Takes from both; same count, same tasks in the same order. */
    void checkTakeMatching(TaskQueue<J> q, Predicate<? super J> eligible, int max, int scanLimit, String step) {
        List<J> expected = takeMatching(eligible, max, scanLimit);
        List<J> actual = new ArrayList<>();
        assertThat(q.takeMatching(eligible, max, scanLimit, actual)).as(step).isEqualTo(expected.size());
        assertThat(actual).as(step).isEqualTo(expected);
    }

    /** Sizes, submitters and, for levels with tasks while aging is on, served times agree; the FIFOs hold few tombstones. */
    void checkState(TaskQueue<J> q, String step) {
        assertThat(q.size()).as(step).isEqualTo(size);
        assertThat(q.isEmpty()).as(step).isEqualTo(size == 0);
        for (int l = 0; l <= top; l++) {
            assertThat(q.size(l)).as(step + " level " + l).isEqualTo(size(l));
            assertThat(q.submitters(l)).as(step + " level " + l).isEqualTo(submitters(l));
            assertThat(q.slotsUsed(l)).as(step + " level " + l).isLessThanOrEqualTo(2 * q.size(l));
            long now = time.nanoTime();
            for (Long s : serviceTimes.get(l).keySet()) {
                assertThat(q.usage(l, s, now)).as(step + " usage of " + s + " at level " + l)
                        .isCloseTo(usage(l, s, now), org.assertj.core.data.Percentage.withPercentage(1e-9));
            }
            if (stepNanos != 0 && size(l) > 0) {
                assertThat(q.servedNanos(l)).as(step + " served(" + l + ")").isEqualTo(served[l]);
            }
        }
        assertThat(q.liftedByAging()).as(step).isEqualTo(lifted);
    }
}
