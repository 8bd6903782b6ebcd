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
 * {@link #forget} are called by workers. {@code live} (tasks not yet answered, by sequence) is a
 * concurrent {@link SequenceMap}, because both touch it, with no object per task beside the task.
 */
final class ClientSession implements TaskOrigin {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);

    private final Connection connection;
    private final LodestoneMember member;
    private final SequenceMap<MemberTask> live = new SequenceMap<>();
    private volatile long clientId;
    private volatile String clientName = "?";
    private volatile boolean welcomed;
    /** Why this client's tasks are refused (other registrations), or null; it may still ask for status. */
    private volatile String taskRefusal;
    /** The peer member's name when this connection is another member's (work stealing), else null. */
    private volatile String peerName;
    /** Tasks lent to that peer member and not yet answered. */
    private final ConcurrentHashMap<LoanKey, MemberTask> lent = new ConcurrentHashMap<>();

    ClientSession(Connection connection, LodestoneMember member) {
        this.connection = connection;
        this.member = member;
    }

    @Override
    public long clientId() {
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
                case Wire.PEER -> peerName = in.readString();
                case Wire.LOAD -> member.stealer().onLoad(peer(), in.readVarLong(true), in.readVarLong(true));
                case Wire.STEAL_REQ -> onStealRequest(in.readVarLong(true), in.readVarInt(true));
                case Wire.LOAN_RESULT -> onLoanResult(in.readVarLong(true), Wire.readBytes(in));
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
        if (!t.cancel()) {
            return;
        }
        ClientSession borrower = t.borrower();
        if (borrower != null) {
            borrower.reply(Wire.cancelLoan(clientId, seq)); // the member running it answers, through us
        } else if (t.isQueued() && member.executor().removeQueued(t)) {
            member.executor().metrics().cancelledInQueue(t);
            live.remove(seq);
            reply(Wire.resultStatus(seq, t.attempt, Wire.CANCELLED, null));
        }
    }

    /** The peer member's name when this is another member's connection, else null. */
    String peerName() {
        return peerName;
    }

    private String peer() {
        String p = peerName;
        if (p == null) {
            throw new IllegalStateException("a member-to-member record came from " + clientName + " on "
                    + connection.description() + " before it said it was a member (PEER)");
        }
        return p;
    }

    /** An idle peer asks for work: lend it what the locality ladder allows, highest priority first. */
    private void onStealRequest(long requestId, int max) {
        String thief = peer();
        member.stealer().stealRequested();
        if (!welcomed || taskRefusal != null) { // a peer that may not run our tasks (other registrations) gets none
            long[] load = member.executor().queueLoad();
            reply(Wire.grant(requestId, load[0], 0, List.of()));
            return;
        }
        List<MemberTask> taken = member.executor().lend(this, thief, max);
        if (!taken.isEmpty()) {
            member.executor().metrics().eventsWrittenBeforeLending();
        }
        List<Wire.Lent> out = new ArrayList<>(taken.size());
        long now = System.nanoTime();
        for (MemberTask t : taken) {
            lent.put(new LoanKey(t.session.clientId(), t.seq), t);
            out.add(new Wire.Lent(t.session.clientId(), t.seq, t.attempt, t.priority, t.locality, t.partition, t.mapName,
                    t.timeoutMillis, now - t.arrivalNanos, t.payload));
        }
        long[] load = member.executor().queueLoad();
        reply(Wire.grant(requestId, load[0], load[1], out));
    }

    /** A peer answered a task we lent it: pass the result on to the task's client as is. */
    private void onLoanResult(long taskClientId, byte[] record) {
        long seq = new Input(record, 1, record.length - 1).readVarLong(true);
        MemberTask t = lent.remove(new LoanKey(taskClientId, seq));
        if (t == null) {
            LOG.debug("result of an unknown lent task {}:{} from member {}", taskClientId, seq, peerName);
            return;
        }
        t.returned();
        member.executor().loanReturned();
        t.session.forget(seq);
        t.session.reply(record);
    }

    @Override
    public void forget(long seq) {
        live.remove(seq);
    }

    @Override
    public void replace(MemberTask old, MemberTask task) {
        live.replace(task.seq, old, task);
    }

    @Override
    public void reply(byte[] record) {
        try {
            connection.send(record);
        } catch (ConnectionClosedException e) {
            LOG.debug("client {} left before its result could be sent", clientName);
        }
    }

    @Override
    public Connection replySoon(byte[] record) {
        try {
            return connection.sendSoon(record) ? connection : null;
        } catch (ConnectionClosedException e) {
            LOG.debug("client {} left before its result could be sent", clientName);
            return null;
        }
    }

    /** The client went away: its queued tasks are not worth running, nobody can receive their results. */
    void onClosed() {
        for (MemberTask t : live.snapshot()) {
            if (!t.cancel()) {
                continue;
            }
            ClientSession borrower = t.borrower();
            if (borrower != null) {
                borrower.reply(Wire.cancelLoan(clientId, t.seq));
            } else if (t.isQueued() && member.executor().removeQueued(t)) {
                member.executor().metrics().cancelledInQueue(t);
            }
        }
        live.clear();
        // A peer that borrowed tasks is gone: they run again here (at least once, as for a member failure).
        for (LoanKey key : lent.keySet()) {
            MemberTask t = lent.remove(key); // claims it: a LOAN_RESULT racing this close finds nothing
            if (t == null) {
                continue;
            }
            member.executor().loanReturned();
            if (t.unlend()) {
                MemberTask again = t.rerun();
                t.session.replace(t, again); // from here the client's cancels reach the new attempt
                t.returned();
                if (t.isCancelled()) {
                    again.cancel(); // a cancel that reached the old one just before: the worker answers CANCELLED
                }
                member.executor().requeue(again);
            } else {
                t.session.forget(t.seq);
                t.session.reply(Wire.resultStatus(t.seq, t.attempt, Wire.CANCELLED, null));
            }
        }
    }

    @Override
    public String toString() {
        return "client " + clientName + " (" + connection.description() + ")";
    }
}
