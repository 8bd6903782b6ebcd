package dev.lodestone.runtime.member;

import com.hazelcast.cluster.Member;
import dev.lodestone.runtime.transport.Connection;
import dev.lodestone.runtime.transport.ConnectionClosedException;
import dev.lodestone.runtime.transport.Wire;
import dev.lodestone.scheduler.PeerLoad;
import dev.lodestone.scheduler.StealPolicy;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work stealing between members, event-driven so that an idle cluster exchanges nothing.
 *
 * <p>As a victim: while this member's queue holds loose tasks (tasks another member could ever run),
 * it tells every peer its load (LOAD) every {@link #TICK_MILLIS} ms, and once more when none are left.
 * While no peer asks for work the interval doubles, up to {@link #MAX_TICK_MILLIS} ms; a steal request
 * brings it back to {@link #TICK_MILLIS}. Peers that are as busy as this member never ask, and a LOAD
 * every 5 ms cost each of them two thread wake-ups (reader and steal thread) that took a core from a
 * worker: on two saturated cores, the CPU a HIGH task waited for. A peer that goes idle still finds a
 * load at most {@link #MAX_TICK_MILLIS} ms old on its board, and its request speeds the LOADs up.
 * As a thief: when a LOAD says a peer has loose tasks, or a worker goes idle while one does, and
 * this member has idle workers and an empty queue, it asks the peer with the most loose tasks for a
 * batch ({@link StealPolicy}); the peer takes what the {@link dev.lodestone.scheduler.LocalityLadder}
 * lets this member run, highest priority first, out of its queue under its lock, and sends it (GRANT).
 * A grant that brought tasks is followed at once by the next request while workers stay idle; an
 * empty one waits for the peer's next LOAD.
 *
 * <p>THREADING: one thread, {@code lodestone-steal-<member>}, owns the decisions, the outstanding
 * request and the opening of peer links (which blocks); readers only record loads and grants and
 * nudge it, and the executor nudges it when a worker goes idle. The board and the links are
 * concurrent maps because readers write them.
 */
final class Stealer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Stealer.class);
    static final long TICK_MILLIS = 5;
    /** The slowest LOAD interval; well under {@link #STALE_NANOS}, so a load on the board stays trusted. */
    static final long MAX_TICK_MILLIS = 80;
    /** A load heard longer ago than this is not trusted: the peer would have refreshed it. */
    private static final long STALE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** An unanswered request is given up after this long (the peer may have died). */
    private static final long REQUEST_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LodestoneMember member;
    private final boolean enabled;
    private final StealPolicy policy = StealPolicy.defaults();
    private final ScheduledExecutorService thread;
    private final ConcurrentHashMap<String, PeerLoad> board = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, PeerLink> links = new ConcurrentHashMap<>();
    /** When a peer last could not be reached; it is not tried again for {@link #RETRY_NANOS}. Steal thread only. */
    private final Map<String, Long> unreachable = new HashMap<>();
    private final AtomicBoolean ticking = new AtomicBoolean();
    private final AtomicBoolean nudged = new AtomicBoolean();
    private final AtomicLong requestIds = new AtomicLong();
    private volatile boolean anyLoose;
    /** A peer asked this member for work since the last LOAD (a reader sets it, the steal thread clears it). */
    private volatile boolean asked;
    private volatile boolean closed;
    // Owned by the steal thread.
    private String outstanding;
    private long outstandingSince;
    private long tickMillis = TICK_MILLIS;

    Stealer(LodestoneMember member, boolean enabled) {
        this.member = member;
        this.enabled = enabled;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "lodestone-steal-" + member.name());
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        this.thread = t;
    }

    /** The executor queued loose tasks: start telling peers, if not already. */
    void looseQueued() {
        if (enabled && !closed && ticking.compareAndSet(false, true)) {
            schedule(() -> {
                tickMillis = TICK_MILLIS;
                tick();
            }, 0);
        }
    }

    /** A peer asked this member for work (reader thread): its next LOADs come at the fast interval. */
    void stealRequested() {
        asked = true;
    }

    /** A worker found nothing to do. */
    void workerIdle() {
        if (anyLoose) {
            nudge();
        }
    }

    /** A peer's LOAD (reader thread). */
    void onLoad(String peer, long queued, long loose) {
        board.put(peer, new PeerLoad(queued, Math.min(loose, queued), System.nanoTime()));
        if (loose > 0) {
            anyLoose = true;
            if (member.executor().anyWorkerIdle()) { // else the worker that goes idle nudges (it reads anyLoose)
                nudge();
            }
        }
    }

    /** A peer's GRANT (reader thread), after its tasks were recorded as loans. */
    void onGrant(String peer, long queued, long loose, int granted) {
        // An empty grant means nothing there is ours to run yet (the ladder's wait): wait for its next LOAD.
        board.put(peer, new PeerLoad(queued, granted == 0 ? 0 : Math.min(loose, queued), System.nanoTime()));
        schedule(() -> {
            if (peer.equals(outstanding)) {
                outstanding = null;
            }
            trySteal();
        }, 0);
    }

    private void nudge() {
        if (enabled && !closed && nudged.compareAndSet(false, true)) {
            schedule(() -> {
                nudged.set(false);
                trySteal();
            }, 0);
        }
    }

    private void schedule(Runnable r, long delayMillis) {
        try {
            thread.schedule(r, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void trySteal() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        if (outstanding != null && now - outstandingSince < REQUEST_TIMEOUT_NANOS) {
            return;
        }
        outstanding = null;
        if (!member.executor().accepting()) {
            return; // a draining member hands everything back: stealing now would only bounce tasks
        }
        int idle = member.executor().idleWorkers();
        if (idle == 0 || member.executor().queued() > 0) {
            return;
        }
        Map<String, PeerLoad> fresh = new HashMap<>();
        board.forEach((peer, load) -> {
            if (now - load.sinceNanos() < STALE_NANOS && load.loose() > 0) {
                fresh.put(peer, load);
            }
        });
        String victim = policy.chooseVictim(fresh);
        if (victim == null) {
            anyLoose = false;
            return;
        }
        PeerLink link = link(victim);
        if (link == null) {
            board.remove(victim);
            return;
        }
        int ask = policy.batchSize(idle, fresh.get(victim).loose());
        try {
            link.send(Wire.stealRequest(requestIds.incrementAndGet(), ask));
            outstanding = victim;
            outstandingSince = now;
        } catch (ConnectionClosedException e) {
            board.remove(victim);
        }
    }

    private void tick() {
        if (closed) {
            ticking.set(false);
            return;
        }
        long[] load = member.executor().queueLoad();
        byte[] record = Wire.load(load[0], load[1]);
        for (Member m : member.hazelcast().getCluster().getMembers()) {
            if (m.localMember()) {
                continue;
            }
            PeerLink link = link(HazelcastBackend.nameOf(m));
            if (link != null) {
                try {
                    link.send(record);
                } catch (ConnectionClosedException e) {
                    LOG.debug("peer {} left", link.peer);
                }
            }
        }
        if (load[1] > 0) {
            if (asked) {
                asked = false;
                tickMillis = TICK_MILLIS;
            } else {
                tickMillis = Math.min(tickMillis * 2, MAX_TICK_MILLIS);
            }
            schedule(this::tick, tickMillis);
            return;
        }
        ticking.set(false);
        if (member.executor().queueLoad()[1] > 0) { // loose tasks arrived after the read above
            looseQueued();
        }
    }

    /** This member's link to {@code peer}, opened if needed; null if the peer cannot be reached. Steal thread only. */
    private PeerLink link(String peer) {
        PeerLink link = links.get(peer);
        if (link != null && !link.isClosed()) {
            return link;
        }
        Long failedAt = unreachable.get(peer);
        if (failedAt != null && System.nanoTime() - failedAt < RETRY_NANOS) {
            return null;
        }
        Member target = null;
        for (Member m : member.hazelcast().getCluster().getMembers()) {
            if (peer.equals(HazelcastBackend.nameOf(m))) {
                target = m;
            }
        }
        String port = target == null ? null : target.getAttribute(LodestoneMember.ATTR_TASK_PORT);
        if (port == null) {
            return null;
        }
        try {
            Connection c = Connection.open(target.getAddress().getHost(), Integer.parseInt(port),
                    member.name() + "->" + peer);
            PeerLink fresh = new PeerLink(peer, c, member);
            c.onClose((conn, cause) -> {
                links.remove(peer, fresh);
                board.remove(peer);
                fresh.onClosed();
                schedule(() -> {
                    if (peer.equals(outstanding)) {
                        outstanding = null; // its answer will never come
                    }
                    if (fresh.refused()) {
                        unreachable.put(peer, System.nanoTime()); // other registrations: do not reconnect every tick
                    }
                }, 0);
            });
            links.put(peer, fresh);
            fresh.start();
            unreachable.remove(peer);
            return fresh;
        } catch (IOException | RuntimeException e) {
            unreachable.put(peer, System.nanoTime());
            LOG.info("member {} could not reach peer {} for work stealing: {}", member.name(), peer, e.toString());
            return null;
        }
    }

    /** The cluster says {@code peer} is gone: drop this member's link to it, whatever its socket says. */
    void peerLeft(String peer) {
        PeerLink link = links.get(peer);
        if (link != null) {
            link.connection().close();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
        links.values().forEach(l -> l.connection().close());
    }
}
