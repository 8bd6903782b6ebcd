package dev.lodestone.runtime.transport;

import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The safety net under {@link Connection#sendSoon}: writes records that waited their whole allowance because no
 * later send, reader or worker flushed them (a task's reply held while the next task runs for a long time, a
 * client's submit held while its other tasks in flight are slow).
 *
 * <p>One daemon thread per JVM, {@code lodestone-flusher}, started with the first deferred record. It wakes once per
 * allowance while some connection deferred a record in the last {@link #LINGER_NANOS}, and otherwise parks until the
 * next one. When a pass finds nothing overdue (senders, readers and workers flush their own records in time), it
 * doubles its sleep, up to {@link #MAX_PERIOD_NANOS}; one overdue record brings it back to one allowance. Under a
 * steady stream it costs one timed wake-up per few allowances; when nothing is deferred it costs nothing.
 *
 * <p>THREADING: {@link #watch} from any thread; everything else on the flusher thread. A connection is in
 * {@code watched} at most once (its {@code watched} flag, set by whoever adds it, cleared only by this thread).
 */
final class DeferredFlusher implements Runnable {

    /** How long a connection stays watched after its last deferred record: the flusher's periodic wake-ups stop after. */
    static final long LINGER_NANOS = 50_000_000L;

    /**
     * The longest the flusher sleeps while connections are watched: the bound on a deferred record's wait when its
     * sender goes quiet just after the flusher found nothing to do for a while.
     */
    static final long MAX_PERIOD_NANOS = 2 * Connection.DEFER_NANOS;

    private static final DeferredFlusher INSTANCE = new DeferredFlusher();

    private final Queue<Connection> watched = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    /** True while the thread parks without a timeout; whoever adds to {@code watched} then must unpark it. */
    private volatile boolean sleeping;

    private DeferredFlusher() {
        thread = new Thread(this, "lodestone-flusher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Makes sure the flusher looks at {@code c} until it has deferred nothing for a while. */
    static void watch(Connection c) {
        INSTANCE.add(c);
    }

    private void add(Connection c) {
        if (c.watched.get() || !c.watched.compareAndSet(false, true)) {
            return;
        }
        watched.add(c);
        if (sleeping) { // written after the add: a flusher that went to sleep before it sees the add, or is woken here
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void run() {
        long period = Connection.DEFER_NANOS;
        while (true) {
            boolean flushedAny = false;
            if (watched.isEmpty()) {
                sleeping = true;
                if (watched.isEmpty()) {
                    LockSupport.park(this);
                }
                sleeping = false;
                continue;
            }
            LockSupport.parkNanos(this, period);
            long now = System.nanoTime();
            for (Iterator<Connection> it = watched.iterator(); it.hasNext(); ) {
                Connection c = it.next();
                if (c.isClosed()) {
                    it.remove();
                    c.watched.set(false);
                    continue;
                }
                long since = c.deferredSince();
                if (since != 0) {
                    if (now - since >= c.deferralAllowanceNanos()) {
                        c.flush();
                        flushedAny = true;
                    }
                } else if (now - c.lastDeferralNanos() > LINGER_NANOS) {
                    it.remove();
                    c.watched.set(false);
                    // A record deferred between the two reads above found the flag still set and did not add it back.
                    if (c.deferredSince() != 0) {
                        add(c);
                    }
                }
            }
            // While senders, readers and workers flush their own records in time, look less often.
            period = flushedAny ? Connection.DEFER_NANOS : Math.min(period * 2, MAX_PERIOD_NANOS);
        }
    }
}
