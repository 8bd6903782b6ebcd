package dev.lodestone.scheduler;

/**
 * The FIFO of one submitter's entries at one priority level, and that submitter's place in the
 * level's round-robin ring.
 *
 * <p>Design note.
 *
 * <p>Memory: a queue holds up to the whole member's backlog, so an entry costs one array slot and
 * nothing else: a power-of-two ring buffer, no node per entry, no index from entry to slot.
 *
 * <p>Removal: an entry is found again by its {@link Schedulable#sequence()}. While sequences rise
 * in offer order (the normal case: one client, one connection) the ring is sorted by sequence and a
 * binary search finds the slot in O(log n). A sequence offered out of order (a re-sent task
 * arriving after newer ones) is still served in offer order; the queue then stops trusting the sort
 * and removal scans this one submitter's entries, until the queue empties and is discarded. A
 * removed entry in the middle becomes a {@link Tombstone} that keeps its sequence, so the ring
 * stays sorted and the entry itself (its payload) is freed at once. Tombstones at either end are
 * trimmed straight away; when tombstones outnumber live entries the ring is compacted, which costs
 * O(1) per removal amortized and keeps the ring within twice the live entries whatever the mix of
 * offers, polls and removals.
 *
 * <p>Taking in bulk: {@link TaskQueue#takeMatching} walks a ring with a cursor, a logical index
 * from the head, and takes entries out of it by {@link #tombstone(int)}, which never moves another
 * entry, so every cursor stays valid however many entries are taken; {@link #settle()} then trims and
 * compacts once, as {@link #remove} does after each entry. Between the two the head may be a
 * tombstone, so nothing but {@link #nextLive(int)}, {@link #entryAt(int)} and {@link #tombstone(int)}
 * may be called.
 *
 * <p>THREADING: not thread-safe; owned by its {@link TaskQueue}, which is itself guarded by one lock.
 */
final class SubmitterQueue<T extends Schedulable> {

    private static final int INITIAL_SLOTS = 4;

    /** Largest ring; a power of two that an array can hold. */
    static final int MAX_SLOTS = 1 << 30;

    final long submitterId;

    /** Neighbours in the level's round-robin ring; both null while not in a ring. */
    SubmitterQueue<T> prev;
    SubmitterQueue<T> next;

    /** This submitter's scaled usage of the level, kept by {@link TaskQueue} while its {@link FairShare} decays. */
    double usage;

    private Object[] slots = new Object[INITIAL_SLOTS];
    private int head;
    /** Slots between head and tail: live entries plus tombstones. */
    private int used;
    private int live;
    private boolean sortedBySequence = true;

    SubmitterQueue(long submitterId) {
        this.submitterId = submitterId;
    }

    boolean isEmpty() {
        return live == 0;
    }

    /** Ring slots held, live or not; lets tests check that tombstones are reclaimed. */
    int slotsUsed() {
        return used;
    }

    void add(T task) {
        if (used > 0 && task.sequence() <= sequenceAt(used - 1)) {
            sortedBySequence = false;
        }
        if (used == slots.length) {
            makeRoom();
        }
        slots[index(used)] = task;
        used++;
        live++;
    }

    /** The oldest live entry, left in place; the caller checks {@link #isEmpty()} first. */
    T peek() {
        return entryAt(0);
    }

    /** Removes and returns the oldest live entry; the caller checks {@link #isEmpty()} first. */
    T poll() {
        T task = entryAt(0);
        popHead();
        live--;
        trimTombstones();
        compactIfSparse();
        return task;
    }

    boolean remove(T task) {
        int i = sortedBySequence ? searchSorted(task) : scan(task);
        if (i < 0) {
            return false;
        }
        live--;
        if (i == 0) {
            popHead();
        } else if (i == used - 1) {
            popTail();
        } else {
            slots[index(i)] = new Tombstone(task.sequence());
        }
        trimTombstones();
        compactIfSparse();
        return true;
    }

    /** The logical index of the first live entry at or after {@code i}, or -1 if there is none. */
    int nextLive(int i) {
        for (; i < used; i++) {
            if (!(slots[index(i)] instanceof Tombstone)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Takes the live entry at logical index {@code i} out of the ring, leaving a tombstone in its slot
     * so that no other entry moves; call {@link #settle()} when done.
     */
    void tombstone(int i) {
        int slot = index(i);
        slots[slot] = new Tombstone(((Schedulable) slots[slot]).sequence());
        live--;
    }

    /** Restores the invariants after {@link #tombstone(int)} calls: live ends, no more tombstones than live entries. */
    void settle() {
        trimTombstones();
        compactIfSparse();
    }

    /**
     * Keeps tombstones no more than the live entries, so the ring never holds more than twice the
     * live entries (offer/cancel cycles cannot grow it). Each compaction is paid for by the removals
     * that made its tombstones: O(1) each, amortized.
     */
    private void compactIfSparse() {
        if (used - live > live) {
            resize(slotsFor(2L * live));
        }
    }

    private int searchSorted(T task) {
        long wanted = task.sequence();
        int lo = 0;
        int hi = used - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long s = sequenceAt(mid);
            if (s < wanted) {
                lo = mid + 1;
            } else if (s > wanted) {
                hi = mid - 1;
            } else {
                Object o = slots[index(mid)];
                return !(o instanceof Tombstone) && o.equals(task) ? mid : -1;
            }
        }
        return -1;
    }

    private int scan(T task) {
        for (int i = 0; i < used; i++) {
            Object o = slots[index(i)];
            if (!(o instanceof Tombstone) && o.equals(task)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Keeps both ends live: poll can take the head without looking, and a job cancelled newest
     * first frees its slots as it goes instead of leaving tombstones for compaction.
     */
    private void trimTombstones() {
        while (used > 0 && slots[head] instanceof Tombstone) {
            popHead();
        }
        while (used > 0 && slots[index(used - 1)] instanceof Tombstone) {
            popTail();
        }
    }

    private void popHead() {
        slots[head] = null;
        head = (head + 1) & (slots.length - 1);
        used--;
    }

    private void popTail() {
        slots[index(used - 1)] = null;
        used--;
    }

    private void makeRoom() {
        int dead = used - live;
        // Compacting in place only pays when it frees a good share; reclaiming one slot per add would cost O(n) each time.
        if (dead >= slots.length / 4) {
            resize(slots.length);
        } else if (slots.length < MAX_SLOTS) {
            resize(slots.length * 2);
        } else if (dead > 0) {
            resize(slots.length);
        } else {
            throw new IllegalStateException(
                    "submitter " + submitterId + " has " + live + " queued tasks at one level, the most one ring holds");
        }
    }

    /** Copies the live entries, in order, into a ring of {@code length} slots, dropping tombstones. */
    private void resize(int length) {
        Object[] copy = new Object[length];
        int n = 0;
        for (int i = 0; i < used; i++) {
            Object o = slots[index(i)];
            if (!(o instanceof Tombstone)) {
                copy[n++] = o;
            }
        }
        slots = copy;
        head = 0;
        used = n;
    }

    private long sequenceAt(int i) {
        Object o = slots[index(i)];
        return o instanceof Tombstone t ? t.sequence() : ((Schedulable) o).sequence();
    }

    /** The entry at logical index {@code i}, which must be live. */
    @SuppressWarnings("unchecked") // only T and Tombstone are stored, and callers never ask for a tombstone
    T entryAt(int i) {
        return (T) slots[index(i)];
    }

    private int index(int i) {
        return (head + i) & (slots.length - 1);
    }

    private static int slotsFor(long n) {
        int wanted = (int) Math.min(Math.max(n, INITIAL_SLOTS), MAX_SLOTS);
        return Integer.highestOneBit(wanted - 1) << 1;
    }

    @Override
    public String toString() {
        return "SubmitterQueue[submitter=" + submitterId + ", size=" + live + ", slots=" + used + "/" + slots.length
                + ", sortedBySequence=" + sortedBySequence + "]";
    }

    /** Stands in for a removed entry in the middle of the ring; keeps its sequence so the ring stays sorted. */
    private record Tombstone(long sequence) {
    }
}
