package dev.lodestone.runtime.member;

import com.esotericsoftware.kryo.io.Input;
import dev.lodestone.runtime.transport.Connection;
import dev.lodestone.runtime.transport.ConnectionClosedException;
import dev.lodestone.runtime.transport.Wire;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's connection as seen by a member: reads its frames, queues its tasks, answers its
 * control records.
 *
 * <p>THREADING: {@link #onFrame} runs on the connection's reader thread only; {@link #reply} and
 * {@link #forget} are called by workers. {@code live} (tasks not yet answered, by sequence) is
 * concurrent because both touch it.
 */
final class ClientSession {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);

    private final Connection connection;
    private final LodestoneMember member;
    private final ConcurrentHashMap<Long, MemberTask> live = new ConcurrentHashMap<>();
    private volatile long clientId;
    private volatile String clientName = "?";
    private volatile boolean welcomed;
    /** Why this client's tasks are refused (other registrations), or null; it may still ask for status. */
    private volatile String taskRefusal;

    ClientSession(Connection connection, LodestoneMember member) {
        this.connection = connection;
        this.member = member;
    }

    long clientId() {
        return clientId;
    }

    void onFrame(byte[] buf, int offset, int length) {
        Input in = new Input(buf, offset, length);
        int end = offset + length;
        List<MemberTask> batch = null;
        long now = System.nanoTime();
        while (in.position() < end) {
            byte type = in.readByte();
            switch (type) {
                case Wire.HELLO -> onHello(in);
                case Wire.SUBMIT -> {
                    MemberTask t = readSubmit(in, now);
                    if (t != null) {
                        if (batch == null) {
                            batch = new ArrayList<>();
                        }
                        batch.add(t);
                    }
                }
                case Wire.CANCEL -> onCancel(in.readVarLong(true));
                case Wire.STATS_REQ -> reply(member.statsRecord(in.readVarLong(true)));
                default -> throw new IllegalStateException("unknown record type " + type + " from client " + clientName
                        + " on " + connection.description());
            }
        }
        if (batch != null) {
            member.executor().submitAll(batch);
        }
    }

    private void onHello(Input in) {
        long id = in.readVarLong(true);
        long digest = in.readLong();
        String name = in.readString();
        int protocol = in.readVarInt(true);
        clientId = id;
        clientName = name;
        if (protocol != Wire.PROTOCOL) {
            String problem = "client " + name + " speaks task protocol " + protocol + ", member " + member.name() + " speaks "
                    + Wire.PROTOCOL + ": use the same Lodestone version";
            LOG.warn("refusing {}: {}", connection.description(), problem);
            connection.send(Wire.welcome(false, member.name(), problem));
            return;
        }
        if (digest != member.codec().registrations().digest()) {
            // A status tool need not have the application's classes; only its tasks would be misread.
            taskRefusal = "client " + name + " registered other classes for serialization than member " + member.name()
                    + " (member has " + member.codec().registrations().describe() + "): put the same TypeRegistrars"
                    + " on the client's and every member's class path";
            LOG.info("client {} may ask for status but not run tasks: {}", name, taskRefusal);
        }
        welcomed = true;
        connection.send(Wire.welcome(true, member.name(), taskRefusal == null ? "" : taskRefusal));
    }

    private MemberTask readSubmit(Input in, long now) {
        Wire.Submit s = Wire.readSubmit(in);
        long seq = s.seq();
        int attempt = s.attempt();
        int partition = s.partition();
        if (!welcomed || taskRefusal != null) {
            member.executor().metrics().rejected(s.priority());
            reply(Wire.resultStatus(seq, attempt, Wire.REJECTED, taskRefusal != null ? taskRefusal
                    : "client " + clientName + " sent a task before a successful handshake with member " + member.name()));
            return null;
        }
        boolean pinned = s.pinned();
        if (!pinned && partition >= 0 && (partition >= member.partitions().count() || !member.partitions().ownedLocally(partition))) {
            reply(Wire.resultStatus(seq, attempt, Wire.WRONG_OWNER, null));
            return null;
        }
        MemberTask t = new MemberTask(this, seq, attempt, s.priority(), s.locality(), pinned, partition, s.map(), s.timeoutMillis(),
                now, s.payload());
        live.put(seq, t);
        return t;
    }

    private void onCancel(long seq) {
        MemberTask t = live.get(seq);
        if (t == null) {
            return; // already answered
        }
        if (t.cancel() && t.isQueued() && member.executor().removeQueued(t)) {
            member.executor().metrics().cancelledInQueue(t);
            live.remove(seq);
            reply(Wire.resultStatus(seq, t.attempt, Wire.CANCELLED, null));
        }
    }

    void forget(long seq) {
        live.remove(seq);
    }

    void reply(byte[] record) {
        try {
            connection.send(record);
        } catch (ConnectionClosedException e) {
            LOG.debug("client {} left before its result could be sent", clientName);
        }
    }

    /** The client went away: its queued tasks are not worth running, nobody can receive their results. */
    void onClosed() {
        for (MemberTask t : live.values()) {
            if (t.cancel() && t.isQueued() && member.executor().removeQueued(t)) {
                member.executor().metrics().cancelledInQueue(t);
            }
        }
        live.clear();
    }

    @Override
    public String toString() {
        return "client " + clientName + " (" + connection.description() + ")";
    }
}
