package dev.lodestone.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.io.Input;
import dev.lodestone.api.task.RemoteException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each record builder against the reading code of its peer. The member's reader
 * ({@code ClientSession}) and the client's ({@code GridClient.onResult}, {@code MemberLink.onFrame})
 * read inline, field by field; the {@code read*} helpers below follow them field by field, and the
 * failure chain is read with the same {@link Wire#readFailure} the client uses. Records travel back
 * to back in one frame, so every test also checks that a reader ends exactly where the record ends.
 */
class WireTest {

    private static final byte[] PAYLOAD = {1, 2, 3, 4, 5, -1, 0, 127};

    private static byte[] concat(byte[]... records) {
        int n = Arrays.stream(records).mapToInt(r -> r.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] r : records) {
            System.arraycopy(r, 0, out, at, r.length);
            at += r.length;
        }
        return out;
    }

    @Test
    void submitWithAndWithoutAMapReadsBackFieldByFieldBackToBack() {
        byte[] withMap = Wire.submit(Long.MAX_VALUE - 1, 3, 4, 2, 0, 270, "orders", 1_500, PAYLOAD);
        byte[] noMap = Wire.submit(1, 1, 0, 0, Wire.FLAG_PINNED, -1, null, 0, new byte[0]);
        byte[] big = Wire.submit(77, 2, 1, 1, 0, 0, "ü-map", Long.MAX_VALUE, new byte[100_000]);
        byte[] frame = concat(withMap, noMap, big);
        Input in = new Input(frame);

        assertThat(in.readByte()).isEqualTo(Wire.SUBMIT);
        Wire.Submit a = Wire.readSubmit(in);
        assertThat(a.seq()).isEqualTo(Long.MAX_VALUE - 1);
        assertThat(a.attempt()).isEqualTo(3);
        assertThat(a.priority()).isEqualTo(4);
        assertThat(a.locality()).isEqualTo(2);
        assertThat(a.flags() & Wire.FLAG_MAP).isEqualTo(Wire.FLAG_MAP);
        assertThat(a.flags() & Wire.FLAG_PINNED).isZero();
        assertThat(a.partition()).isEqualTo(270);
        assertThat(a.map()).isEqualTo("orders");
        assertThat(a.timeoutMillis()).isEqualTo(1_500);
        assertThat(a.payload()).isEqualTo(PAYLOAD);
        assertThat(in.position()).isEqualTo(withMap.length);

        assertThat(in.readByte()).isEqualTo(Wire.SUBMIT);
        Wire.Submit b = Wire.readSubmit(in);
        assertThat(b.seq()).isEqualTo(1);
        assertThat(b.flags() & Wire.FLAG_MAP).isZero();
        assertThat(b.flags() & Wire.FLAG_PINNED).isEqualTo(Wire.FLAG_PINNED);
        assertThat(b.partition()).isEqualTo(-1);
        assertThat(b.map()).isNull();
        assertThat(b.timeoutMillis()).isZero();
        assertThat(b.payload()).isEmpty();
        assertThat(in.position()).isEqualTo(withMap.length + noMap.length);

        assertThat(in.readByte()).isEqualTo(Wire.SUBMIT);
        Wire.Submit c = Wire.readSubmit(in);
        assertThat(c.map()).isEqualTo("ü-map");
        assertThat(c.timeoutMillis()).isEqualTo(Long.MAX_VALUE);
        assertThat(c.payload()).hasSize(100_000);
        assertThat(in.position()).isEqualTo(frame.length);
    }

    @Test
    void repeatedAndPrefixedMapNamesReadBackAsSent() {
        // the reader remembers the last map name's encoding: names that share a start, or whose bytes begin
        // another's, must still come back as sent, in any order
        String[] maps = {"ab", "ab", "abc", "ab", "a", "ü-ab", "ü-abc", "ü-ab", "a", "", "a", "abc", "abc"};
        byte[][] records = new byte[maps.length][];
        for (int i = 0; i < maps.length; i++) {
            records[i] = Wire.submit(i, 1, 2, 0, 0, i, maps[i], 0, PAYLOAD);
        }
        byte[] frame = concat(records);
        Input in = new Input(frame);
        int end = 0;
        for (int i = 0; i < maps.length; i++) {
            assertThat(in.readByte()).isEqualTo(Wire.SUBMIT);
            Wire.Submit s = Wire.readSubmit(in);
            end += records[i].length;
            assertThat(s.map()).as("record %d", i).isEqualTo(maps[i]);
            assertThat(s.payload()).isEqualTo(PAYLOAD);
            assertThat(in.position()).isEqualTo(end);
        }
    }

    @Test
    void cancelAndStatsRequestCarryTheirIds() {
        Input in = new Input(concat(Wire.cancel(123_456_789_012L), Wire.statsRequest(9)));
        assertThat(in.readByte()).isEqualTo(Wire.CANCEL);
        assertThat(in.readVarLong(true)).isEqualTo(123_456_789_012L);
        assertThat(in.readByte()).isEqualTo(Wire.STATS_REQ);
        assertThat(in.readVarLong(true)).isEqualTo(9);
        assertThat(in.position()).isEqualTo(in.limit());
    }

    @Test
    void helloCarriesClientIdDigestNameAndProtocol() {
        byte[] r = Wire.hello(987_654_321_000L, -0x1234_5678_9abc_def0L, "client-42-1");
        Input in = new Input(r);
        assertThat(in.readByte()).isEqualTo(Wire.HELLO);
        assertThat(in.readVarLong(true)).isEqualTo(987_654_321_000L);
        assertThat(in.readLong()).isEqualTo(-0x1234_5678_9abc_def0L);
        assertThat(in.readString()).isEqualTo("client-42-1");
        assertThat(in.readVarInt(true)).isEqualTo(Wire.PROTOCOL);
        assertThat(in.position()).isEqualTo(r.length);
    }

    @Test
    void welcomeCarriesTheVerdictTheMemberAndItsReason() {
        Input in = new Input(concat(Wire.welcome(true, "m-1", ""), Wire.welcome(false, "m-2", "registrations differ"),
                Wire.welcome(true, "m-3", "status only")));
        assertThat(in.readByte()).isEqualTo(Wire.WELCOME);
        assertThat(in.readBoolean()).isTrue();
        assertThat(in.readString()).isEqualTo("m-1");
        assertThat(in.readString()).isEmpty();
        assertThat(in.readByte()).isEqualTo(Wire.WELCOME);
        assertThat(in.readBoolean()).isFalse();
        assertThat(in.readString()).isEqualTo("m-2");
        assertThat(in.readString()).isEqualTo("registrations differ");
        assertThat(in.readByte()).isEqualTo(Wire.WELCOME);
        assertThat(in.readBoolean()).isTrue();
        assertThat(in.readString()).isEqualTo("m-3");
        assertThat(in.readString()).isEqualTo("status only");
        assertThat(in.position()).isEqualTo(in.limit());
    }

    @Test
    void statsCarryEveryCounterAndTheMetricsBytesBackToBack() {
        byte[] metrics = {9, 8, 7, 0, -1};
        byte[] a = Wire.stats(5, 10, 2, Long.MAX_VALUE, 0, 16, 271, metrics);
        byte[] b = Wire.stats(6, 0, 0, 0, 0, 1, 0, new byte[0]);
        Input in = new Input(concat(a, b));
        assertThat(in.readByte()).isEqualTo(Wire.STATS);
        Wire.Stats s = Wire.readStats(in); // as MemberLink.onFrame reads it
        assertThat(new long[] {s.requestId(), s.queued(), s.running(), s.succeeded(), s.failed(), s.workers(), s.partitions()})
                .containsExactly(5, 10, 2, Long.MAX_VALUE, 0, 16, 271);
        assertThat(s.metrics()).isEqualTo(metrics);
        assertThat(in.position()).isEqualTo(a.length);
        assertThat(in.readByte()).isEqualTo(Wire.STATS);
        Wire.Stats t = Wire.readStats(in);
        assertThat(t.requestId()).isEqualTo(6);
        assertThat(t.metrics()).isEmpty();
        assertThat(in.position()).isEqualTo(in.limit());
    }

    @Test
    void resultStatusOfReadsTheStatusOfEveryKindOfResult() {
        assertThat(Wire.resultStatusOf(Wire.resultOk(Long.MAX_VALUE, 3, PAYLOAD))).isEqualTo(Wire.OK);
        assertThat(Wire.resultStatusOf(Wire.resultFailed(1, 1, new IllegalStateException("x")))).isEqualTo(Wire.FAILED);
        for (byte status : new byte[] {Wire.WRONG_OWNER, Wire.TIMED_OUT, Wire.CANCELLED, Wire.REJECTED}) {
            assertThat(Wire.resultStatusOf(Wire.resultStatus(300, 2, status, "why"))).isEqualTo(status);
        }
    }

    /** The sequence is skipped by hand: every length of var long, one to nine bytes, and negative ones. */
    @Test
    void resultStatusOfSkipsSequencesOfEveryLength() {
        for (int bits = 0; bits <= 63; bits++) {
            for (long seq : new long[] {1L << bits, (1L << bits) - 1, -(1L << bits), Long.MIN_VALUE, -1}) {
                for (byte status : new byte[] {Wire.OK, Wire.CANCELLED}) {
                    byte[] record = status == Wire.OK ? Wire.resultOk(seq, 1, PAYLOAD) : Wire.resultStatus(seq, 1, status, "why");
                    assertThat(Wire.resultStatusOf(record)).as("seq %d", seq).isEqualTo(status);
                }
            }
        }
    }

    /** Reads the RESULT header as GridClient.onResult does. */
    private static void expectResult(Input in, long seq, byte status, int attempt) {
        assertThat(in.readByte()).isEqualTo(Wire.RESULT);
        assertThat(in.readVarLong(true)).isEqualTo(seq);
        assertThat(in.readByte()).isEqualTo(status);
        assertThat(in.readVarInt(true)).isEqualTo(attempt);
    }

    @Test
    void everyResultStatusReadsBackWithExactlyItsFields() {
        byte[] frame = concat(
                Wire.resultOk(1, 1, PAYLOAD),
                Wire.resultStatus(2, 2, Wire.TIMED_OUT, "while running on member m-1"),
                Wire.resultStatus(3, 1, Wire.REJECTED, "queue full"),
                Wire.resultStatus(4, 3, Wire.WRONG_OWNER, null),
                Wire.resultStatus(5, 1, Wire.CANCELLED, null),
                Wire.resultStatus(6, 1, Wire.TIMED_OUT, null),
                Wire.resultFailed(7, 2, new IllegalStateException("boom")),
                Wire.resultOk(8, 1, new byte[0]));
        Input in = new Input(frame);
        expectResult(in, 1, Wire.OK, 1);
        assertThat(Wire.readBytes(in)).isEqualTo(PAYLOAD);
        expectResult(in, 2, Wire.TIMED_OUT, 2);
        assertThat(in.readString()).isEqualTo("while running on member m-1");
        expectResult(in, 3, Wire.REJECTED, 1);
        assertThat(in.readString()).isEqualTo("queue full");
        expectResult(in, 4, Wire.WRONG_OWNER, 3);
        expectResult(in, 5, Wire.CANCELLED, 1);
        expectResult(in, 6, Wire.TIMED_OUT, 1);
        assertThat(in.readString()).isNull();
        expectResult(in, 7, Wire.FAILED, 2);
        Wire.RemoteError[] chain = Wire.readFailure(in);
        assertThat(chain).hasSize(1);
        assertThat(chain[0].type()).isEqualTo(IllegalStateException.class.getName());
        assertThat(chain[0].message()).isEqualTo("boom");
        expectResult(in, 8, Wire.OK, 1);
        assertThat(Wire.readBytes(in)).isEmpty();
        assertThat(in.position()).isEqualTo(frame.length);
    }

    private static StackTraceElement[] trace(String cls, int frames) {
        StackTraceElement[] t = new StackTraceElement[frames];
        for (int i = 0; i < frames; i++) {
            t[i] = new StackTraceElement(cls, "method" + i, i % 3 == 0 ? null : cls + ".java", i % 5 == 0 ? -2 : i + 10);
        }
        return t;
    }

    private static <T extends Throwable> T withTrace(T t, StackTraceElement[] trace) {
        t.setStackTrace(trace);
        return t;
    }

    private static Wire.RemoteError[] roundTrip(Throwable error) {
        byte[] r = Wire.resultFailed(11, 1, error);
        Input in = new Input(r);
        expectResult(in, 11, Wire.FAILED, 1);
        Wire.RemoteError[] chain = Wire.readFailure(in);
        assertThat(in.position()).isEqualTo(r.length);
        return chain;
    }

    @Test
    void aFailureKeepsTypesMessagesFramesAndCauseOrder() {
        StackTraceElement[] top = trace("com.acme.Job", 5);
        StackTraceElement[] middle = trace("com.acme.Store", 3);
        StackTraceElement[] root = trace("sun.nio.ch.FileDispatcherImpl", 2);
        Throwable error = withTrace(new IllegalStateException("job failed",
                withTrace(new UncheckedIOException("store", withTrace(new IOException(null, null), root)), middle)), top);

        Wire.RemoteError[] chain = roundTrip(error);
        assertThat(chain).extracting(Wire.RemoteError::type).containsExactly(
                IllegalStateException.class.getName(), UncheckedIOException.class.getName(), IOException.class.getName());
        assertThat(chain).extracting(Wire.RemoteError::message).containsExactly("job failed", "store", null);
        assertThat(chain[0].trace()).containsExactly(top);
        assertThat(chain[1].trace()).containsExactly(middle);
        assertThat(chain[2].trace()).containsExactly(root);

        RemoteException cause = Wire.causeChain(chain);
        assertThat(cause.remoteType()).isEqualTo(UncheckedIOException.class.getName());
        assertThat(cause).hasMessage(UncheckedIOException.class.getName() + ": store");
        assertThat(cause.getStackTrace()).containsExactly(middle);
        RemoteException rootCause = (RemoteException) cause.getCause();
        assertThat(rootCause.remoteType()).isEqualTo(IOException.class.getName());
        assertThat(rootCause).hasMessage(IOException.class.getName());
        assertThat(rootCause.getCause()).isNull();
        assertThat(Wire.causeChain(roundTrip(new RuntimeException("alone")))).isNull();
    }

    @Test
    void aRealStackTraceKeepsClassMethodFileAndLine() {
        Throwable real = new IllegalArgumentException("here");
        Wire.RemoteError[] chain = roundTrip(real);
        StackTraceElement[] expected = real.getStackTrace();
        assertThat(chain[0].trace()).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            StackTraceElement got = chain[0].trace()[i];
            assertThat(got.getClassName()).isEqualTo(expected[i].getClassName());
            assertThat(got.getMethodName()).isEqualTo(expected[i].getMethodName());
            assertThat(got.getFileName()).isEqualTo(expected[i].getFileName());
            assertThat(got.getLineNumber()).isEqualTo(expected[i].getLineNumber());
        }
        assertThat(chain[0].trace()[0].getMethodName()).isEqualTo("aRealStackTraceKeepsClassMethodFileAndLine");
    }

    @Test
    void aLongCauseChainIsCappedAtEightKeepingTheOutermost() {
        Throwable error = null;
        for (int i = 20; i >= 1; i--) {
            error = withTrace(new RuntimeException("level " + i, error), trace("L" + i, 1));
        }
        Wire.RemoteError[] chain = roundTrip(error);
        assertThat(chain).hasSize(8);
        List<String> messages = new ArrayList<>();
        for (Wire.RemoteError e : chain) {
            messages.add(e.message());
        }
        assertThat(messages).containsExactly("level 1", "level 2", "level 3", "level 4", "level 5", "level 6", "level 7", "level 8");
        int depth = 0;
        for (Throwable t = Wire.causeChain(chain); t != null; t = t.getCause()) {
            depth++;
        }
        assertThat(depth).isEqualTo(7);
    }

    @Test
    void aCyclicCauseChainEndsAtTheCap() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        Wire.RemoteError[] chain = roundTrip(a);
        assertThat(chain).hasSize(8);
        assertThat(chain).extracting(Wire.RemoteError::message).containsExactly("a", "b", "a", "b", "a", "b", "a", "b");
    }

    @Test
    void aHugeStackTraceIsCapped() {
        StackTraceElement[] deep = trace("Recursive", 1_000);
        Wire.RemoteError[] chain = roundTrip(withTrace(new StackOverflowError(), deep));
        assertThat(chain[0].trace()).hasSize(256).containsExactly(Arrays.copyOf(deep, 256));
        assertThat(chain[0].message()).isNull();
    }

    /**
     * A task that waits on another task and rethrows its failure sends on a chain that holds a
     * RemoteException; its remote type survives, and so must its message.
     */
    @Test
    void aForwardedRemoteExceptionKeepsItsMessage() {
        RemoteException remote = new RemoteException(IOException.class.getName(), "disk full", trace("Disk", 2), null);
        Wire.RemoteError[] chain = roundTrip(new IllegalStateException("nested task failed", remote));
        assertThat(chain).hasSize(2);
        assertThat(chain[1].type()).isEqualTo(IOException.class.getName());
        assertThat(chain[1].message()).isEqualTo("disk full");
        assertThat(Wire.causeChain(chain)).hasMessage(IOException.class.getName() + ": disk full");
    }

    @Test
    void aForwardedRemoteExceptionKeepsItsRemoteTypeAndTrace() {
        StackTraceElement[] t = trace("Disk", 2);
        RemoteException remote = new RemoteException(IOException.class.getName(), "disk full", t, null);
        Wire.RemoteError[] chain = roundTrip(new IllegalStateException("nested task failed", remote));
        assertThat(chain[1].type()).isEqualTo(IOException.class.getName());
        assertThat(chain[1].trace()).containsExactly(t);
    }
}
