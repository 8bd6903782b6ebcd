package dev.lodestone.runtime.client;

import com.esotericsoftware.kryo.io.Input;
import com.hazelcast.cluster.Member;
import dev.lodestone.api.GridException;
import dev.lodestone.api.cluster.MemberInfo;
import dev.lodestone.runtime.member.LodestoneMember;
import dev.lodestone.runtime.transport.Connection;
import dev.lodestone.runtime.transport.Wire;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * This client's task connection to one member, and the tasks sent on it that have no answer yet.
 *
 * <p>THREADING: {@link #connect} runs once, under the client's lock for this member; afterwards
 * any thread may {@link #send}. Results are handled on the connection's reader thread. {@code
 * inFlight} is concurrent: senders add, the reader removes.
 */
final class MemberLink {

    private static final long HANDSHAKE_MILLIS = 10_000;
    /** The longest gap {@link #noteSend} counts: after a pause, a few quick sends make the link a stream again. */
    private static final long GAP_CAP_NANOS = 10 * Connection.DEFER_NANOS;
    /** The link whose reader thread is handling a frame on this thread; null on other threads. */
    private static final ThreadLocal<MemberLink> READING = new ThreadLocal<>();

    final MemberInfo info;
    /** The member's Hazelcast UUID: the key of the client's link table. */
    final UUID uuid;
    final ConcurrentHashMap<Long, PendingTask<?>> inFlight = new ConcurrentHashMap<>();
    final ConcurrentHashMap<Long, CompletableFuture<Wire.Stats>> statsRequests = new ConcurrentHashMap<>();
    private final GridClient client;
    private final CompletableFuture<String> welcome = new CompletableFuture<>();
    private volatile Connection connection;
    /** Set when the member accepts this client for status only; tasks for it fail with this text. */
    volatile String taskRefusal;
    /** True once the member said, on leaving, that none of the tasks it did not answer ran there. */
    volatile boolean leftCleanly;
    /**
     * Until when tasks without affinity should go elsewhere: set when this member handed one back (WRONG_OWNER
     * for a task that has no partition means it is draining), so the least-loaded choice stops picking it.
     */
    volatile long avoidUntilNanos;
    /** Records sent in the current window of one default allowance, when it began, and the count of the last one. */
    private int windowRecords;
    private volatile long windowStartNanos = System.nanoTime();
    private volatile int lastWindowRecords;
    /** Moving average of the gaps between sends, and when the last was: see {@link #noteSend}. */
    private volatile long gapNanos = GAP_CAP_NANOS;
    private volatile long lastSendNanos = System.nanoTime() - GAP_CAP_NANOS;

    /** Links that result callbacks on this link's reader held records on, in the current frame; reader thread only. */
    private final List<MemberLink> heldByCallbacks = new ArrayList<>(2);
    /** Set when a result callback (on any link's reader) held a submit on this link; cleared when this link flushes it. */
    private volatile boolean callbackHeld;

    MemberLink(GridClient client, UUID uuid, MemberInfo info) {
        this.client = client;
        this.uuid = uuid;
        this.info = info;
    }

    static MemberInfo describe(Member m) {
        String name = m.getAttribute(LodestoneMember.ATTR_NAME);
        String port = m.getAttribute(LodestoneMember.ATTR_TASK_PORT);
        String host = m.getAddress().getHost();
        return new MemberInfo(name == null ? m.getUuid().toString() : name, host + ":" + m.getAddress().getPort(),
                port == null ? null : host + ":" + port, m.getUuid().toString());
    }

    /** Opens the connection and shakes hands; throws with the member's reason when refused. */
    void connect() throws IOException {
        if (info.taskAddress() == null) {
            throw new GridException("member " + info.name() + " at " + info.address() + " has no task channel: is it a"
                    + " Lodestone member of the same version?");
        }
        int colon = info.taskAddress().lastIndexOf(':');
        Connection c = Connection.open(info.taskAddress().substring(0, colon),
                Integer.parseInt(info.taskAddress().substring(colon + 1)), client.name() + "->" + info.name());
        c.onClose((conn, cause) -> {
            welcome.completeExceptionally(new GridException("member " + info.name() + " at " + info.taskAddress()
                    + " closed the connection during the handshake"));
            client.onLinkClosed(this, cause);
        });
        c.startReader("lodestone-reader-" + client.name() + "-" + info.name(), this::onFrame);
        c.send(Wire.hello(client.clientId(), client.codec().registrations().digest(), client.name()));
        try {
            welcome.get(HANDSHAKE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            c.close();
            throw new GridException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            c.close();
            throw new GridException("member " + info.name() + " at " + info.taskAddress() + " did not answer the handshake"
                    + " within " + HANDSHAKE_MILLIS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.close();
            throw new GridException("interrupted while connecting to member " + info.name());
        }
        this.connection = c;
    }

    Connection connection() {
        return connection;
    }

    boolean isOpen() {
        Connection c = connection;
        return c != null && !c.isClosed();
    }

    void close() {
        Connection c = connection;
        if (c != null) {
            c.close();
        }
    }

    private void onFrame(byte[] buf, int offset, int length) {
        if (READING.get() != this) {
            READING.set(this);
        }
        Input in = new Input(buf, offset, length);
        int end = offset + length;
        while (in.position() < end) {
            byte type = in.readByte();
            switch (type) {
                case Wire.RESULT -> client.onResult(this, in);
                case Wire.WELCOME -> {
                    boolean ok = in.readBoolean();
                    String memberName = in.readString();
                    String message = in.readString();
                    if (ok) {
                        taskRefusal = message.isEmpty() ? null : message;
                        welcome.complete(memberName);
                    } else {
                        welcome.completeExceptionally(new GridException(message));
                    }
                }
                case Wire.GOODBYE -> leftCleanly = in.readBoolean();
                case Wire.STATS -> {
                    Wire.Stats stats = Wire.readStats(in);
                    CompletableFuture<Wire.Stats> f = statsRequests.remove(stats.requestId());
                    if (f != null) {
                        f.complete(stats);
                    }
                }
                default -> throw new IllegalStateException("unknown record type " + type + " from member " + info.name());
            }
        }
        // Submits that this frame's result callbacks held wait for answers that will not come if their member has
        // answered everything: a pipeline that submits as answers arrive, whose burst has ended.
        for (MemberLink held : heldByCallbacks) {
            held.flushIfIdle(true);
        }
        heldByCallbacks.clear();
        // The member has answered everything it had: deferred submits that have waited half their allowance go now.
        // (Not younger ones: on two busy cores the member is often idle only because the sender is starved, and a
        // frame of two tasks costs the member a wake-up all the same.)
        flushIfIdle(false);
    }

    private void flushIfIdle(boolean burstEnded) {
        Connection c = connection;
        if (c != null && c.deferredRecords() > 0 && unansweredOnMember() <= 0
                && (burstEnded || callbackHeld || c.deferredNanos() >= c.deferralAllowanceNanos() / 2)) {
            callbackHeld = false;
            c.flush();
        }
    }

    /** The link whose reader thread runs the caller, inside a result callback; null on any other thread. */
    static MemberLink readingNow() {
        return READING.get();
    }

    /** A result callback on this link's reader held a submit on {@code link}: see {@link #onFrame}. */
    void heldByCallback(MemberLink link) {
        link.callbackHeld = true;
        if (!heldByCallbacks.contains(link)) {
            heldByCallbacks.add(link);
        }
    }

    /**
     * Notes a send of {@code records} on this link and returns the moving average of the gaps between sends (a gap
     * counted at most {@link #GAP_CAP_NANOS}): how many records holding one for the next ones is likely to gather.
     * Racing senders may lose an update of the average or of the window's count; both only steer.
     */
    long noteSend(long now, int records) {
        long sinceWindow = now - windowStartNanos;
        if (sinceWindow >= Connection.DEFER_NANOS) {
            // a window with no sends after it counts as none: only the window just ended says how dense the stream is
            lastWindowRecords = sinceWindow < 2 * Connection.DEFER_NANOS ? windowRecords : 0;
            windowRecords = 0;
            windowStartNanos = now;
        }
        windowRecords += records;
        long gap = Math.min(now - lastSendNanos, GAP_CAP_NANOS);
        lastSendNanos = now;
        long avg = gapNanos + ((gap - gapNanos) >> 3);
        gapNanos = avg;
        return avg;
    }

    /**
     * How many records were sent on this link in the last whole window of one default allowance (a window followed by
     * a longer gap counts 0): a steadier measure of a dense stream than the average gap, which one pause of a bursty
     * sender moves by an eighth of its length.
     */
    int recordsLastWindow() {
        return lastWindowRecords;
    }

    /** About how many of this link's tasks the member has and has not answered: in flight, less those not yet written. */
    int unansweredOnMember() {
        Connection c = connection;
        return inFlight.size() - (c == null ? 0 : c.deferredRecords());
    }

    @Override
    public String toString() {
        return "link to " + info.name();
    }
}
