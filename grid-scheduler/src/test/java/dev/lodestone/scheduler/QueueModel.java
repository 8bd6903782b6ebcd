package dev.lodestone.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The queue's rules written the obvious way, as the reference for randomized tests: lists, linear
 * searches, and every head of every lower level weighed against the turn with one comparator
 * (effective level, enqueue time, sequence, level, submitter). With {@code stepNanos =
 * Long.MAX_VALUE}, or untimed tasks, nothing ages and it is the strict priority / round-robin model.
 */
final class QueueModel<J extends Schedulable> {
    private final int capacity;
    private final Clock time;
    private final long stepNanos;
    private final List<List<Long>> turns = new ArrayList<>();
    private final List<Map<Long, Deque<J>>> fifos = new ArrayList<>();
    int size;
    long lifted;

    QueueModel(int levels, int capacity, Clock time, long stepNanos) {
        this.capacity = capacity;
        this.time = time;
        this.stepNanos = stepNanos;
        for (int i = 0; i < levels; i++) {
            turns.add(new ArrayList<>());
            fifos.add(new HashMap<>());
        }
    }

    boolean offer(J j) {
        if (size == capacity) {
            return false;
        }
        Deque<J> fifo = fifos.get(j.priorityLevel()).get(j.submitterId());
        if (fifo == null) {
            fifo = new ArrayDeque<>();
            fifos.get(j.priorityLevel()).put(j.submitterId(), fifo);
            turns.get(j.priorityLevel()).add(j.submitterId());
        }
        fifo.addLast(j);
        size++;
        return true;
    }

    private int effective(J j) {
        int top = turns.size() - 1;
        if (j.enqueuedNanos() == Schedulable.UNTIMED) {
            return j.priorityLevel();
        }
        long waited = Math.max(0, time.nanoTime() - j.enqueuedNanos());
        return (int) Math.min(top, j.priorityLevel() + waited / stepNanos);
    }

    /** The order of the class comment of {@link TaskQueue}, plus the submitter for heads of one level. */
    private final Comparator<J> order = Comparator.<J>comparingInt(j -> -effective(j))
            .thenComparing((x, y) -> {
                boolean ux = x.enqueuedNanos() == Schedulable.UNTIMED;
                boolean uy = y.enqueuedNanos() == Schedulable.UNTIMED;
                if (ux || uy) {
                    return Boolean.compare(ux, uy);
                }
                return Long.signum(x.enqueuedNanos() - y.enqueuedNanos());
            })
            .thenComparingLong(J::sequence)
            .thenComparingInt(j -> -j.priorityLevel())
            .thenComparingLong(J::submitterId);

    J poll() {
        int highest = turns.size() - 1;
        while (highest >= 0 && turns.get(highest).isEmpty()) {
            highest--;
        }
        if (highest < 0) {
            return null;
        }
        J best = fifos.get(highest).get(turns.get(highest).get(0)).peekFirst();
        for (int l = highest - 1; l >= 0; l--) {
            for (Deque<J> fifo : fifos.get(l).values()) {
                J head = fifo.peekFirst();
                if (head.enqueuedNanos() != Schedulable.UNTIMED && order.compare(head, best) < 0) {
                    best = head;
                }
            }
        }
        int l = best.priorityLevel();
        List<Long> ring = turns.get(l);
        Long submitter = best.submitterId();
        Deque<J> fifo = fifos.get(l).get(submitter);
        fifo.pollFirst();
        boolean inTurn = l == highest;
        if (!inTurn) {
            lifted++;
        }
        if (fifo.isEmpty()) {
            fifos.get(l).remove(submitter);
            ring.remove(submitter);
        } else if (inTurn) {
            ring.remove(0);
            ring.add(submitter);
        }
        size--;
        return best;
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

    int size(int level) {
        return fifos.get(level).values().stream().mapToInt(Deque::size).sum();
    }

    int submitters(int level) {
        return fifos.get(level).size();
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
    void checkRemove(TaskQueue<J> q, List<J> offered, int window, java.util.Random random, String step) {
        J j = offered.get(offered.size() - 1 - random.nextInt(window));
        assertThat(q.remove(j)).as(step + " remove " + j).isEqualTo(remove(j));
    }
}
