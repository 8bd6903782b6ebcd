package dev.lodestone.runtime.transport;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task-channel connection: length-prefixed frames, each holding one or more records.
 *
 * <p>Sending (smart batching): {@link #send} appends a record to a lock-free queue; the first sender
 * that finds the connection idle becomes the writer and drains everything queued into as few frames
 * as fit, while later senders just enqueue and return. At concurrency 1 that is one write in the
 * caller's thread and no hand-off; under load it is one write per many records, with no writer
 * thread to wake.
 *
 * <p>Deferred sending: smart batching alone does not batch records that come one by one, a few tens of µs
 * apart, from a sender that is never still writing when the next comes: each costs its own write, and the
 * peer's reader its own wake-up. A sender that knows more records will soon follow (a client with other tasks
 * in flight on this connection, a worker with more tasks queued) calls {@link #sendSoon}: the record waits, at
 * most {@link #DEFER_NANOS}, for the next {@link #send}, {@link #flush} or the {@link DeferredFlusher}.
 *
 * <p>Receiving: one reader thread per connection ({@link #startReader}) reads as much as the socket
 * has, and hands each complete frame to the {@link FrameHandler}; the buffer is reused, so handlers
 * copy what they keep.
 *
 * <p>THREADING: {@link #send} from any thread; the write buffer is owned by whichever thread holds
 * {@code writing}; the read buffer by the reader thread.
 */
public final class Connection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    /** Largest frame a peer may send; larger ones mean a broken or hostile peer. */
    static final int MAX_FRAME = 64 << 20;
    /** Largest record (task or result) a sender may queue; checked where records are made. */
    public static final int MAX_RECORD = MAX_FRAME - 4096;
    private static final int WRITE_BUFFER = 256 << 10;
    private static final int READ_BUFFER = 256 << 10;
    /**
     * The longest a record given to {@link #sendSoon} waits to share a frame: a few round trips of a small task
     * on loopback, far below the tail latencies it removes. Property {@code lodestone.send.defer.us}; 0 turns
     * deferral off.
     */
    public static final long DEFER_NANOS = Long.getLong("lodestone.send.defer.us", 200) * 1_000L;
    /** The longest allowance a sender may give ({@link #sendAll(Iterable, long)}): a few allowances. */
    public static final long MAX_DEFER_NANOS = 10 * DEFER_NANOS;

    /** Called by the reader thread for each frame. */
    @FunctionalInterface
    public interface FrameHandler {
        /** Handles the records in {@code buf[offset, offset + length)}; the bytes are valid only during the call. */
        void onFrame(byte[] buf, int offset, int length) throws IOException;
    }

    /** Called once when the connection closes, for whatever reason. */
    @FunctionalInterface
    public interface CloseHandler {
        /** @param cause null when closed on purpose */
        void onClose(Connection connection, Throwable cause);
    }

    private final SocketChannel channel;
    private final String description;
    private final Queue<byte[]> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger framesWritten = new AtomicInteger();
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER);
    /** When the oldest record not yet written was deferred; 0 when none is. */
    private final AtomicLong deferredSince = new AtomicLong();
    /** How many records were deferred since the last drain began. */
    private final AtomicInteger deferredRecords = new AtomicInteger();
    /**
     * How long the current run of deferred records may wait: the smallest allowance any of them was given. Written
     * by deferring senders; a race may leave a larger one of theirs, never more than {@link #MAX_DEFER_NANOS}.
     */
    private volatile long runAllowanceNanos = DEFER_NANOS;
    /** When the last run of deferred records began, for the flusher's linger. */
    private volatile long lastDeferralNanos;
    /** Set while the {@link DeferredFlusher} watches this connection. */
    final AtomicBoolean watched = new AtomicBoolean();
    private volatile CloseHandler closeHandler = (c, e) -> { };
    private volatile Object attachment;

    /** Wraps a connected channel; puts it in blocking mode with Nagle off. */
    public Connection(SocketChannel channel, String description) throws IOException {
        this.channel = channel;
        this.description = description;
        channel.configureBlocking(true);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
    }

    /** Opens a connection to {@code host:port}. */
    public static Connection open(String host, int port, String description) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.socket().connect(new java.net.InetSocketAddress(host, port), 5_000);
            return new Connection(ch, description);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    /** What this connection links, for logs and errors. */
    public String description() {
        return description;
    }

    /** Sets what runs when the connection closes. */
    public void onClose(CloseHandler handler) {
        this.closeHandler = handler;
    }

    /** Any object the owner wants to find from the connection. */
    public Object attachment() {
        return attachment;
    }

    /** Attaches an object. */
    public void attach(Object value) {
        this.attachment = value;
    }

    /** True once closed. */
    public boolean isClosed() {
        return closed.get();
    }

    /** How many frames were written, for tests and metrics of batching. */
    public int framesWritten() {
        return framesWritten.get();
    }

    /** Starts the reader thread. */
    public void startReader(String threadName, FrameHandler handler) {
        Thread t = new Thread(() -> readLoop(handler), threadName);
        t.setDaemon(true);
        t.start();
    }

    /**
     * Queues one encoded record and writes whatever is queued if no other thread is writing.
     *
     * @throws ConnectionClosedException when the connection is closed
     */
    public void send(byte[] record) {
        if (closed.get()) {
            throw new ConnectionClosedException(description);
        }
        outbox.offer(record);
        flush();
    }

    /** Queues many records, then writes them in as few frames as fit. */
    public void sendAll(Iterable<byte[]> records) {
        sendAll(records, 0L);
    }

    /**
     * One record, as {@link #sendAll(Iterable, long)} sends many: the single submit's path, without a list per call.
     *
     * @return true when it waits to be written
     */
    public boolean send(byte[] record, long allowanceNanos) {
        if (closed.get()) {
            throw new ConnectionClosedException(description);
        }
        outbox.offer(record);
        if (allowanceNanos > 0) {
            return defer(1, Math.min(allowanceNanos, MAX_DEFER_NANOS));
        }
        flush();
        return false;
    }

    /**
     * Queues many records; writes them now ({@code allowanceNanos} 0), or lets them wait up to {@code allowanceNanos}
     * (at most {@link #MAX_DEFER_NANOS}) as {@link #sendSoon} would: a sender that knows many more records follow
     * within that time may hold them longer than the default allowance, to fill a frame.
     *
     * @return true when they wait to be written
     */
    public boolean sendAll(Iterable<byte[]> records, long allowanceNanos) {
        if (closed.get()) {
            throw new ConnectionClosedException(description);
        }
        int n = 0;
        for (byte[] r : records) {
            outbox.offer(r);
            n++;
        }
        if (allowanceNanos > 0) {
            return defer(n, Math.min(allowanceNanos, MAX_DEFER_NANOS));
        }
        flush();
        return false;
    }

    /**
     * Queues one record to be written with the records sent after it: by the next {@link #send} or {@link #flush}
     * on this connection, or after at most {@link #DEFER_NANOS}. Call it only when more records, or a flush, are
     * expected soon; a lone record would wait its whole allowance. A call that finds the oldest deferred record at
     * the end of its allowance writes everything.
     *
     * @return true when the record waits to be written: the caller flushes once it knows nothing more follows
     * @throws ConnectionClosedException when the connection is closed
     */
    public boolean sendSoon(byte[] record) {
        if (closed.get()) {
            throw new ConnectionClosedException(description);
        }
        outbox.offer(record);
        return defer(1, DEFER_NANOS);
    }

    private boolean defer(int records, long allowance) {
        if (DEFER_NANOS <= 0) { // deferral turned off
            flush();
            return false;
        }
        deferredRecords.addAndGet(records);
        long now = System.nanoTime();
        long since = deferredSince.get();
        if (since == 0) {
            if (deferredSince.compareAndSet(0, now)) {
                runAllowanceNanos = allowance;
                lastDeferralNanos = now;
                DeferredFlusher.watch(this);
                return true;
            }
            since = deferredSince.get(); // another sender began a run, or a writer just ended one
        }
        if (since != 0 && allowance < runAllowanceNanos) {
            runAllowanceNanos = allowance; // this record was promised less time than the run's first
        }
        if (since != 0 && now - since < runAllowanceNanos) {
            return true;
        }
        flush();
        return false;
    }

    /** How many records wait to be written because they were sent with {@link #sendSoon} (about: a writer may be taking them). */
    public int deferredRecords() {
        return deferredRecords.get();
    }

    /** How long the oldest deferred record has waited, 0 if none does. */
    public long deferredNanos() {
        long since = deferredSince.get();
        return since == 0 ? 0 : System.nanoTime() - since;
    }

    /** How long the current run of deferred records may wait in all. */
    public long deferralAllowanceNanos() {
        return runAllowanceNanos;
    }

    /** When the oldest deferred record was queued, 0 if none: for the flusher. */
    long deferredSince() {
        return deferredSince.get();
    }

    long lastDeferralNanos() {
        return lastDeferralNanos;
    }

    /** Writes everything queued, deferred records included, unless another thread is writing (it will). */
    public void flush() {
        // Re-check after releasing the flag: a record enqueued while we wrote, whose sender lost the
        // race for the flag, must not be left behind.
        while (!outbox.isEmpty() && !closed.get() && writing.compareAndSet(false, true)) {
            // A channel write on an interrupted thread closes the channel for every task on it, so a
            // caller's pending interrupt is set aside while this thread writes, and restored after.
            boolean interrupted = Thread.interrupted();
            try {
                drain();
            } catch (IOException e) {
                closeWith(e);
            } finally {
                writing.set(false);
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        // A writer that began its drain just before a sender marked a new run of deferred records took them anyway:
        // the run then waits for nothing, and kept the flusher waking every allowance until the next record came.
        long since = deferredSince.get();
        if (since != 0 && outbox.isEmpty() && System.nanoTime() - since >= runAllowanceNanos
                && deferredSince.compareAndSet(since, 0)) {
            deferredRecords.set(0);
        }
    }

    private void drain() throws IOException {
        // Before polling: a record deferred after this either is polled below or starts a new deferral.
        if (deferredSince.get() != 0) {
            deferredSince.set(0);
            deferredRecords.set(0);
        }
        ByteBuffer buf = writeBuffer;
        buf.clear();
        buf.putInt(0); // frame length, patched below
        byte[] r;
        while ((r = outbox.poll()) != null) {
            if (r.length > buf.remaining()) {
                if (buf.position() > 4) {
                    writeFrame(buf);
                    buf.clear();
                    buf.putInt(0);
                }
                if (r.length > buf.remaining()) {
                    writeLarge(r);
                    continue;
                }
            }
            buf.put(r);
        }
        if (buf.position() > 4) {
            writeFrame(buf);
        }
    }

    private void writeFrame(ByteBuffer buf) throws IOException {
        buf.putInt(0, buf.position() - 4);
        buf.flip();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        framesWritten.incrementAndGet();
    }

    private void writeLarge(byte[] record) throws IOException {
        ByteBuffer[] parts = {ByteBuffer.allocate(4).putInt(0, record.length), ByteBuffer.wrap(record)};
        while (parts[1].hasRemaining()) {
            channel.write(parts);
        }
        framesWritten.incrementAndGet();
    }

    private void readLoop(FrameHandler handler) {
        ByteBuffer in = ByteBuffer.allocate(READ_BUFFER);
        Throwable cause = null;
        try {
            while (!closed.get()) {
                Thread.interrupted(); // a user callback run on this thread must not close the channel through an interrupt
                if (channel.read(in) < 0) {
                    throw new EOFException("peer closed " + description);
                }
                in.flip();
                while (in.remaining() >= 4) {
                    int len = in.getInt(in.position());
                    if (len < 0 || len > MAX_FRAME) {
                        throw new IOException("bad frame length " + len + " from " + description);
                    }
                    if (in.remaining() < 4 + len) {
                        break;
                    }
                    handler.onFrame(in.array(), in.arrayOffset() + in.position() + 4, len);
                    in.position(in.position() + 4 + len);
                }
                in.compact();
                if (!in.hasRemaining()) {
                    in = grow(in);
                }
            }
        } catch (Throwable t) {
            cause = t;
        }
        closeWith(closed.get() ? null : cause);
    }

    private static ByteBuffer grow(ByteBuffer in) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.min(MAX_FRAME + 4, in.capacity() * 2));
        in.flip();
        bigger.put(in);
        return bigger;
    }

    private void closeWith(Throwable cause) {
        if (closed.compareAndSet(false, true)) {
            if (cause != null && !(cause instanceof EOFException)) {
                LOG.debug("connection {} closed: {}", description, cause.toString());
            }
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing {}: {}", description, e.toString());
            }
            closeHandler.onClose(this, cause);
        }
    }

    @Override
    public void close() {
        closeWith(null);
    }

    /**
     * Closes once everything queued has been written, or after {@code maxMillis}: for last words
     * (GOODBYE) that a plain close could cut off while another thread is still the writer.
     */
    public void closeAfterFlush(long maxMillis) {
        flush();
        long until = System.nanoTime() + maxMillis * 1_000_000L;
        while ((!outbox.isEmpty() || writing.get()) && !closed.get() && System.nanoTime() - until < 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000); // shutdown path only
        }
        closeWith(null);
    }

    @Override
    public String toString() {
        return "Connection[" + description + "]";
    }
}
