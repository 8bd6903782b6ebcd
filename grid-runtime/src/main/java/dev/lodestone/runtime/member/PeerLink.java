package dev.lodestone.runtime.member;

import com.esotericsoftware.kryo.io.Input;
import dev.lodestone.runtime.transport.Connection;
import dev.lodestone.runtime.transport.ConnectionClosedException;
import dev.lodestone.runtime.transport.Wire;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This member's own connection to one peer member: it sends LOAD notices and steal requests on it,
 * and receives the peer's GRANTs (tasks lent to this member) and CANCEL_LOANs.
 *
 * <p>Each stolen task carries a {@link Loan} as its origin: its result goes back on this link as a
 * LOAN_RESULT, and the peer, which still answers for the task, passes it on to the client. If the
 * peer goes away, nobody can receive those results: the tasks are cancelled here, and the client
 * runs them again elsewhere as for any member failure.
 *
 * <p>THREADING: the reader thread handles GRANT and CANCEL_LOAN; workers send LOAN_RESULTs;
 * {@code loans} is concurrent because both touch it.
 */
final class PeerLink {

    private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);
    /**
     * Cancels that arrived before their GRANT: the lender's client reader may queue a CANCEL_LOAN on this
     * connection just before its steal-request reader queues the GRANT. Bounded, since a late cancel of a
     * finished loan also lands here.
     */
    private static final int MAX_EARLY_CANCELS = 10_000;

    final String peer;
    private final Connection connection;
    private final LodestoneMember member;
    private final ConcurrentHashMap<LoanKey, MemberTask> loans = new ConcurrentHashMap<>();
    private final Set<LoanKey> earlyCancels = ConcurrentHashMap.newKeySet();
    private volatile boolean refused;

    PeerLink(String peer, Connection connection, LodestoneMember member) {
        this.peer = peer;
        this.connection = connection;
        this.member = member;
    }

    void start() {
        connection.startReader("lodestone-peer-" + member.name() + "-" + peer, this::onFrame);
        connection.send(Wire.hello(member.peerId(), member.codec().registrations().digest(), member.name()));
        connection.send(Wire.peer(member.name()));
    }

    /** The peer refused this member (other registrations or protocol). */
    boolean refused() {
        return refused;
    }

    boolean isClosed() {
        return connection.isClosed();
    }

    Connection connection() {
        return connection;
    }

    void send(byte[] record) {
        connection.send(record);
    }

    private void onFrame(byte[] buf, int offset, int length) {
        Input in = new Input(buf, offset, length);
        int end = offset + length;
        while (in.position() < end) {
            byte type = in.readByte();
            switch (type) {
                case Wire.WELCOME -> {
                    boolean ok = in.readBoolean();
                    in.readString();
                    String refusal = in.readString();
                    if (!ok || !refusal.isEmpty()) {
                        LOG.warn("member {} cannot take tasks from {}: {}", member.name(), peer, refusal);
                        refused = true;
                        connection.close();
                        return;
                    }
                }
                case Wire.GRANT -> onGrant(Wire.readGrant(in));
                case Wire.CANCEL_LOAN -> onCancelLoan(new LoanKey(in.readVarLong(true), in.readVarLong(true)));
                case Wire.GOODBYE -> in.readBoolean();
                default -> throw new IllegalStateException("unknown record type " + type + " from member " + peer
                        + " on " + connection.description());
            }
        }
    }

    private void onGrant(Wire.Grant grant) {
        long now = System.nanoTime();
        List<MemberTask> tasks = new ArrayList<>(grant.tasks().size());
        for (Wire.Lent l : grant.tasks()) {
            LoanKey key = new LoanKey(l.clientId(), l.seq());
            MemberTask t = new MemberTask(new Loan(l.clientId()), l.seq(), l.attempt(), l.priority(), l.locality(), false,
                    l.partition(), l.map(), l.timeoutMillis(), now - l.waitedNanos(), l.payload(), true);
            if (earlyCancels.remove(key)) {
                t.cancel();
                sendResult(l.clientId(), Wire.resultStatus(l.seq(), l.attempt(), Wire.CANCELLED, null));
                continue;
            }
            loans.put(key, t);
            tasks.add(t);
        }
        if (!tasks.isEmpty()) {
            member.executor().submitStolen(tasks); // queued before the stealer looks again, so it does not ask twice
        }
        member.stealer().onGrant(peer, grant.queued(), grant.loose(), tasks.size());
    }

    private void onCancelLoan(LoanKey key) {
        MemberTask t = loans.get(key);
        if (t == null) {
            if (earlyCancels.size() >= MAX_EARLY_CANCELS) {
                earlyCancels.clear();
            }
            earlyCancels.add(key);
            return;
        }
        if (t.cancel() && t.isQueued() && member.executor().removeQueued(t)) {
            loans.remove(key);
            sendResult(key.clientId(), Wire.resultStatus(key.seq(), t.attempt, Wire.CANCELLED, null));
        }
    }

    private void sendResult(long clientId, byte[] resultRecord) {
        try {
            connection.send(Wire.loanResult(clientId, resultRecord));
        } catch (ConnectionClosedException e) {
            LOG.debug("member {} left before a lent task's result could be returned", peer);
        }
    }

    /** The peer is gone: the tasks it lent us have nobody to answer to. */
    void onClosed() {
        for (MemberTask t : loans.values()) {
            if (t.cancel() && t.isQueued()) {
                member.executor().removeQueued(t);
            }
        }
        loans.clear();
    }

    /** A stolen task's origin: results go back to the lending member. */
    private final class Loan implements TaskOrigin {
        private final long clientId;

        Loan(long clientId) {
            this.clientId = clientId;
        }

        @Override
        public long clientId() {
            return clientId;
        }

        @Override
        public void forget(long seq) {
            loans.remove(new LoanKey(clientId, seq));
        }

        @Override
        public void replace(MemberTask old, MemberTask task) {
            loans.replace(new LoanKey(clientId, task.seq), old, task);
        }

        @Override
        public void reply(byte[] resultRecord) {
            sendResult(clientId, Wire.withRanOn(resultRecord, member.name()));
        }
    }

    @Override
    public String toString() {
        return "peer link " + member.name() + "->" + peer;
    }
}
