package dev.lodestone.runtime.transport;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.lodestone.api.task.RemoteException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The task channel's records. Every record starts with its type byte; fields are Kryo varints and
 * strings (no Kryo instance is involved, only its buffers). User objects travel inside as opaque
 * payloads written by {@link dev.lodestone.runtime.serial.KryoCodec}.
 *
 * <pre>
 * HELLO     clientId:varlong digest:long clientName:string protocol:varint
 * WELCOME   ok:bool memberName:string refusal:string (ok but refusal set: status only, no tasks)
 * SUBMIT    seq:varlong attempt:varint priority:byte locality:byte flags:byte partition:varint
 *           [map:string] timeoutMillis:varlong payload:bytes
 * CANCEL    seq:varlong
 * RESULT    seq:varlong status:byte attempt:varint [ranOn:string if status has RAN_ON], then per status:
 *           OK payload:bytes; FAILED failure chain; TIMED_OUT / REJECTED message:string
 * STATS_REQ requestId:varlong
 * GOODBYE   clean:bool (the member is leaving; clean: none of the tasks it did not answer ran there)
 * STATS     requestId:varlong queued running succeeded failed:varlong workers:varint partitions:varint
 *           metrics:bytes (per priority level: counters and HdrHistograms, see
 *           {@link dev.lodestone.runtime.metrics.MetricsCodec})
 *
 * Between members (work stealing), on a connection a member opens to a peer like a client would:
 * PEER        memberName:string (after HELLO: this connection is a peer member's, not a client's)
 * LOAD        queued:varlong loose:varlong (peer to peer: my queue; loose = tasks another member could run)
 * STEAL_REQ   requestId:varlong max:varint (idle thief to victim)
 * GRANT       requestId:varlong queued:varlong loose:varlong count:varint, then per task: clientId:varlong
 *             seq:varlong attempt:varint priority:byte locality:byte partition:varint [+1] map:string (nullable)
 *             timeoutMillis:varlong waitedNanos:varlong payload:bytes (victim to thief; the tasks left its queue)
 * LOAN_RESULT clientId:varlong record:bytes (thief to victim: the RESULT record for the task's client, as is)
 * CANCEL_LOAN clientId:varlong seq:varlong (victim to thief: the client cancelled a lent task)
 * </pre>
 */
public final class Wire {

    /** Bumped on any incompatible change; a member refuses clients of another version. */
    public static final int PROTOCOL = 2;

    public static final byte HELLO = 1;
    public static final byte WELCOME = 2;
    public static final byte SUBMIT = 3;
    public static final byte CANCEL = 4;
    public static final byte RESULT = 5;
    public static final byte STATS_REQ = 6;
    public static final byte STATS = 7;
    public static final byte GOODBYE = 8;
    public static final byte PEER = 9;
    public static final byte LOAD = 10;
    public static final byte STEAL_REQ = 11;
    public static final byte GRANT = 12;
    public static final byte LOAN_RESULT = 13;
    public static final byte CANCEL_LOAN = 14;

    public static final byte OK = 0;
    public static final byte FAILED = 1;
    /** This member does not own the task's partition (any more): route again. Nothing ran. */
    public static final byte WRONG_OWNER = 2;
    public static final byte TIMED_OUT = 3;
    public static final byte CANCELLED = 4;
    public static final byte REJECTED = 5;

    /** RESULT status bit: the task ran on another member than the one answering (it was stolen); its name follows. */
    public static final int RAN_ON = 0x40;

    /** SUBMIT flag: the record names a map. */
    public static final int FLAG_MAP = 1;
    /** SUBMIT flag: run here whatever the partition (broadcast, or no affinity). */
    public static final int FLAG_PINNED = 2;

    private static final int MAX_TRACE = 256;
    private static final int MAX_CHAIN = 8;
    private static final int HEADER_BUFFER = 256;
    /**
     * Per thread, the header of the record being made: the two records every task costs (SUBMIT, RESULT OK) are
     * then one exact array each, header and payload, not an {@link Output}, its buffer and a copy of it. At hundreds of
     * thousands of tasks a second that garbage set how often each JVM collected.
     */
    private static final ThreadLocal<Output> HEADERS = ThreadLocal.withInitial(() -> new Output(HEADER_BUFFER, -1));
    private static final ThreadLocal<LastMapName> LAST_MAP_NAME = ThreadLocal.withInitial(LastMapName::new);

    private Wire() {
    }

    /** A fresh output for one record. */
    public static Output output(int expected) {
        return new Output(Math.max(16, expected), -1);
    }

    private static Output header() {
        Output o = HEADERS.get();
        if (o.getBuffer().length > 64 * HEADER_BUFFER) {
            o.setBuffer(new byte[HEADER_BUFFER], -1); // a long map name grew it: do not keep that per thread
        }
        o.reset();
        return o;
    }

    private static byte[] headerThen(Output header, byte[] payload) {
        int n = header.position();
        byte[] record = new byte[n + payload.length];
        System.arraycopy(header.getBuffer(), 0, record, 0, n);
        System.arraycopy(payload, 0, record, n, payload.length);
        return record;
    }

    /** HELLO from a client. */
    public static byte[] hello(long clientId, long digest, String clientName) {
        Output o = output(64);
        o.writeByte(HELLO);
        o.writeVarLong(clientId, true);
        o.writeLong(digest);
        o.writeString(clientName);
        o.writeVarInt(PROTOCOL, true);
        return o.toBytes();
    }

    /** WELCOME from a member. */
    public static byte[] welcome(boolean ok, String memberName, String message) {
        Output o = output(64);
        o.writeByte(WELCOME);
        o.writeBoolean(ok);
        o.writeString(memberName);
        o.writeString(message);
        return o.toBytes();
    }

    /**
     * SUBMIT from a client.
     *
     * @param partition the task's partition, or -1
     * @param map       the affinity map, or null
     * @param timeoutMillis 0 for none
     */
    public static byte[] submit(long seq, int attempt, int priority, int locality, int flags, int partition, String map,
                                long timeoutMillis, byte[] payload) {
        Output o = header();
        o.writeByte(SUBMIT);
        o.writeVarLong(seq, true);
        o.writeVarInt(attempt, true);
        o.writeByte(priority);
        o.writeByte(locality);
        o.writeByte(flags | (map != null ? FLAG_MAP : 0));
        o.writeVarInt(partition + 1, true);
        if (map != null) {
            o.writeString(map);
        }
        o.writeVarLong(timeoutMillis, true);
        o.writeVarInt(payload.length, true);
        return headerThen(o, payload);
    }

    /** GOODBYE from a leaving member. */
    public static byte[] goodbye(boolean clean) {
        Output o = output(4);
        o.writeByte(GOODBYE);
        o.writeBoolean(clean);
        return o.toBytes();
    }

    /** A decoded SUBMIT record. {@code partition} is -1 for none, {@code map} null for none. */
    public record Submit(long seq, int attempt, int priority, int locality, int flags, int partition, String map,
                         long timeoutMillis, byte[] payload) {

        /** True for a broadcast, or a task that must run where it was sent. */
        public boolean pinned() {
            return (flags & FLAG_PINNED) != 0;
        }
    }

    /** Reads a SUBMIT record after its type byte; the payload is copied out of the frame buffer. */
    public static Submit readSubmit(Input in) {
        long seq = in.readVarLong(true);
        int attempt = in.readVarInt(true);
        int priority = in.readByte();
        int locality = in.readByte();
        int flags = in.readByte();
        int partition = in.readVarInt(true) - 1;
        String map = (flags & FLAG_MAP) != 0 ? readMapName(in) : null;
        long timeoutMillis = in.readVarLong(true);
        return new Submit(seq, attempt, priority, locality, flags, partition, map, timeoutMillis, readBytes(in));
    }

    /**
     * The map name of a SUBMIT: a stream of tasks names the same map again and again, and decoding it made a string
     * (and its bytes) per task, a tenth of what a member allocated. This reader thread remembers the last name and
     * its encoding; Kryo's string encoding is self-delimiting, so bytes that start with that whole encoding hold that
     * name.
     */
    private static String readMapName(Input in) {
        LastMapName last = LAST_MAP_NAME.get();
        byte[] buf = in.getBuffer();
        int p = in.position();
        byte[] enc = last.encoded;
        if (enc != null && in.limit() - p >= enc.length && Arrays.equals(buf, p, p + enc.length, enc, 0, enc.length)) {
            in.setPosition(p + enc.length);
            return last.name;
        }
        String name = in.readString();
        if (in.position() - p <= 256) {
            last.encoded = Arrays.copyOfRange(buf, p, in.position());
            last.name = name;
        }
        return name;
    }

    private static final class LastMapName {
        byte[] encoded;
        String name;
    }

    /** CANCEL from a client. */
    public static byte[] cancel(long seq) {
        Output o = output(12);
        o.writeByte(CANCEL);
        o.writeVarLong(seq, true);
        return o.toBytes();
    }

    /** STATS_REQ from a client. */
    public static byte[] statsRequest(long requestId) {
        Output o = output(12);
        o.writeByte(STATS_REQ);
        o.writeVarLong(requestId, true);
        return o.toBytes();
    }

    /**
     * STATS from a member; {@code partitions} is how many it owns by its own table, {@code metrics} its
     * per-level counters and histograms as {@link dev.lodestone.runtime.metrics.MetricsCodec} writes them.
     */
    public static byte[] stats(long requestId, long queued, long running, long succeeded, long failed, int workers,
                               int partitions, byte[] metrics) {
        Output o = output(48 + metrics.length);
        o.writeByte(STATS);
        o.writeVarLong(requestId, true);
        o.writeVarLong(queued, true);
        o.writeVarLong(running, true);
        o.writeVarLong(succeeded, true);
        o.writeVarLong(failed, true);
        o.writeVarInt(workers, true);
        o.writeVarInt(partitions, true);
        o.writeVarInt(metrics.length, true);
        o.writeBytes(metrics);
        return o.toBytes();
    }

    /** A decoded STATS record; {@code metrics} is still encoded (decoded where it is used). */
    public record Stats(long requestId, long queued, long running, long succeeded, long failed, int workers, int partitions,
                        byte[] metrics) {
    }

    /** Reads a STATS record after its type byte. */
    public static Stats readStats(Input in) {
        return new Stats(in.readVarLong(true), in.readVarLong(true), in.readVarLong(true), in.readVarLong(true),
                in.readVarLong(true), in.readVarInt(true), in.readVarInt(true), readBytes(in));
    }

    /** The status byte of an encoded RESULT record (for the member's metrics, before it is sent). */
    public static byte resultStatusOf(byte[] result) {
        if (result[0] != RESULT) {
            throw new IllegalArgumentException("not a RESULT record: type " + result[0]);
        }
        // Skips the sequence by hand: a Kryo Input here cost two objects per task answered, for one byte.
        // A positive var long is 7 bits a byte, high bit set while more follow; the ninth byte carries 8.
        int pos = 1;
        for (int n = 1; (result[pos++] & 0x80) != 0; n++) {
            if (n == 8) {
                pos++;
                break;
            }
        }
        return result[pos];
    }

    /** RESULT with status OK. */
    public static byte[] resultOk(long seq, int attempt, byte[] payload) {
        Output o = header();
        o.writeByte(RESULT);
        o.writeVarLong(seq, true);
        o.writeByte(OK);
        o.writeVarInt(attempt, true);
        o.writeVarInt(payload.length, true);
        return headerThen(o, payload);
    }

    /** RESULT with a status that carries a message (TIMED_OUT, REJECTED) or nothing (WRONG_OWNER, CANCELLED). */
    public static byte[] resultStatus(long seq, int attempt, byte status, String message) {
        Output o = output(32 + (message == null ? 0 : message.length()));
        o.writeByte(RESULT);
        o.writeVarLong(seq, true);
        o.writeByte(status);
        o.writeVarInt(attempt, true);
        if (status == TIMED_OUT || status == REJECTED) {
            o.writeString(message);
        }
        return o.toBytes();
    }

    /** RESULT with status FAILED: the exception's chain of types, messages and stack traces. */
    public static byte[] resultFailed(long seq, int attempt, Throwable error) {
        Output o = output(1024);
        o.writeByte(RESULT);
        o.writeVarLong(seq, true);
        o.writeByte(FAILED);
        o.writeVarInt(attempt, true);
        int depth = 0;
        for (Throwable t = error; t != null && depth < MAX_CHAIN; t = t.getCause() == t ? null : t.getCause()) {
            depth++;
        }
        o.writeVarInt(depth, true);
        Throwable t = error;
        for (int i = 0; i < depth; i++, t = t.getCause()) {
            o.writeString(t instanceof RemoteException r ? r.remoteType() : t.getClass().getName());
            o.writeString(t instanceof RemoteException r ? r.remoteMessage() : t.getMessage());
            StackTraceElement[] trace = t.getStackTrace();
            int n = Math.min(trace.length, MAX_TRACE);
            o.writeVarInt(n, true);
            for (int k = 0; k < n; k++) {
                StackTraceElement e = trace[k];
                o.writeString(e.getClassName());
                o.writeString(e.getMethodName());
                o.writeString(e.getFileName());
                o.writeVarInt(e.getLineNumber(), false);
            }
        }
        return o.toBytes();
    }

    /** One decoded remote exception of a FAILED result; the first is the task's own exception. */
    public record RemoteError(String type, String message, StackTraceElement[] trace) {
    }

    /** Reads the failure chain of a FAILED result. */
    public static RemoteError[] readFailure(Input in) {
        int depth = in.readVarInt(true);
        RemoteError[] chain = new RemoteError[depth];
        for (int i = 0; i < depth; i++) {
            String type = in.readString();
            String message = in.readString();
            int n = in.readVarInt(true);
            StackTraceElement[] trace = new StackTraceElement[n];
            for (int k = 0; k < n; k++) {
                String cls = in.readString();
                String method = in.readString();
                String file = in.readString();
                int line = in.readVarInt(false);
                trace[k] = new StackTraceElement(cls, method, file, line);
            }
            chain[i] = new RemoteError(type, message, trace);
        }
        return chain;
    }

    /** The causes after the first error, as nested {@link RemoteException}s, or null. */
    public static RemoteException causeChain(RemoteError[] chain) {
        RemoteException cause = null;
        for (int i = chain.length - 1; i >= 1; i--) {
            cause = new RemoteException(chain[i].type(), chain[i].message(), chain[i].trace(), cause);
        }
        return cause;
    }

    /** PEER: sent by a member after HELLO on a connection it opened to another member. */
    public static byte[] peer(String memberName) {
        Output o = output(32);
        o.writeByte(PEER);
        o.writeString(memberName);
        return o.toBytes();
    }

    /** LOAD: a member's queue depth and how much of it other members could run. */
    public static byte[] load(long queued, long loose) {
        Output o = output(20);
        o.writeByte(LOAD);
        o.writeVarLong(queued, true);
        o.writeVarLong(loose, true);
        return o.toBytes();
    }

    /** STEAL_REQ: an idle member asks for up to {@code max} tasks. */
    public static byte[] stealRequest(long requestId, int max) {
        Output o = output(16);
        o.writeByte(STEAL_REQ);
        o.writeVarLong(requestId, true);
        o.writeVarInt(max, true);
        return o.toBytes();
    }

    /** One task in a GRANT. {@code partition} -1 for none, {@code map} null for none, {@code timeoutMillis} 0 for none. */
    public record Lent(long clientId, long seq, int attempt, int priority, int locality, int partition, String map,
                       long timeoutMillis, long waitedNanos, byte[] payload) {
    }

    /** GRANT: tasks taken out of the victim's queue for the thief, and the victim's queue after. */
    public static byte[] grant(long requestId, long queued, long loose, List<Lent> tasks) {
        int size = 32;
        for (Lent t : tasks) {
            size += 48 + t.payload().length + (t.map() == null ? 0 : t.map().length());
        }
        Output o = output(size);
        o.writeByte(GRANT);
        o.writeVarLong(requestId, true);
        o.writeVarLong(queued, true);
        o.writeVarLong(loose, true);
        o.writeVarInt(tasks.size(), true);
        for (Lent t : tasks) {
            o.writeVarLong(t.clientId(), true);
            o.writeVarLong(t.seq(), true);
            o.writeVarInt(t.attempt(), true);
            o.writeByte(t.priority());
            o.writeByte(t.locality());
            o.writeVarInt(t.partition() + 1, true);
            o.writeString(t.map());
            o.writeVarLong(t.timeoutMillis(), true);
            o.writeVarLong(Math.max(0, t.waitedNanos()), true);
            o.writeVarInt(t.payload().length, true);
            o.writeBytes(t.payload());
        }
        return o.toBytes();
    }

    /** A decoded GRANT. */
    public record Grant(long requestId, long queued, long loose, List<Lent> tasks) {
    }

    /** Reads a GRANT after its type byte; payloads are copied out of the frame buffer. */
    public static Grant readGrant(Input in) {
        long requestId = in.readVarLong(true);
        long queued = in.readVarLong(true);
        long loose = in.readVarLong(true);
        int n = in.readVarInt(true);
        List<Lent> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long clientId = in.readVarLong(true);
            long seq = in.readVarLong(true);
            int attempt = in.readVarInt(true);
            int priority = in.readByte();
            int locality = in.readByte();
            int partition = in.readVarInt(true) - 1;
            String map = in.readString();
            long timeoutMillis = in.readVarLong(true);
            long waitedNanos = in.readVarLong(true);
            tasks.add(new Lent(clientId, seq, attempt, priority, locality, partition, map, timeoutMillis, waitedNanos,
                    readBytes(in)));
        }
        return new Grant(requestId, queued, loose, tasks);
    }

    /** LOAN_RESULT: the thief returns a lent task's RESULT record, to be passed on to the task's client unchanged. */
    public static byte[] loanResult(long clientId, byte[] resultRecord) {
        Output o = output(16 + resultRecord.length);
        o.writeByte(LOAN_RESULT);
        o.writeVarLong(clientId, true);
        o.writeVarInt(resultRecord.length, true);
        o.writeBytes(resultRecord);
        return o.toBytes();
    }

    /** CANCEL_LOAN: the victim passes a client's cancel on to the member running the lent task. */
    public static byte[] cancelLoan(long clientId, long seq) {
        Output o = output(20);
        o.writeByte(CANCEL_LOAN);
        o.writeVarLong(clientId, true);
        o.writeVarLong(seq, true);
        return o.toBytes();
    }

    /** The same RESULT record, marked as run on {@code member}: for a result the lending member passes on. */
    public static byte[] withRanOn(byte[] resultRecord, String member) {
        Input in = new Input(resultRecord);
        in.readByte();
        in.readVarLong(true);
        int statusAt = in.position();
        in.readByte();
        in.readVarInt(true);
        int restAt = in.position();
        Output o = output(resultRecord.length + 8 + member.length());
        o.writeBytes(resultRecord, 0, restAt);
        o.writeString(member);
        o.writeBytes(resultRecord, restAt, resultRecord.length - restAt);
        byte[] out = o.toBytes();
        out[statusAt] |= RAN_ON;
        return out;
    }

    /** Reads a length-prefixed byte array. */
    public static byte[] readBytes(Input in) {
        return in.readBytes(in.readVarInt(true));
    }
}
