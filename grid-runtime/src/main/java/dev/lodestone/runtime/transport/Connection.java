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
        if (closed.get()) {
            throw new ConnectionClosedException(description);
        }
        for (byte[] r : records) {
            outbox.offer(r);
        }
        flush();
    }

    private void flush() {
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
    }

    private void drain() throws IOException {
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
