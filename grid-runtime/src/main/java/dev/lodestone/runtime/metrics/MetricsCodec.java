package dev.lodestone.runtime.metrics;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.lodestone.api.metrics.TaskCounters;
import dev.lodestone.api.task.Priority;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * A member's per-level metrics as bytes, the {@code metrics} field of the STATS record
 * ({@link dev.lodestone.runtime.transport.Wire#stats}):
 *
 * <pre>
 * levels:varint, then per level in Priority order:
 *   submitted started succeeded failed cancelled timedOut rejected stolen ranOnOwner ranOnBackup ranElsewhere
 *       (11 zigzag varlongs, TaskCounters' order)
 *   queueWait:bytes runTime:bytes  (varint length, then HdrHistogram's compressed encoding of microseconds;
 *                                   length 0: nothing recorded)
 * </pre>
 *
 * Histograms travel whole, not as percentiles, so a client can merge them and report exact percentiles over
 * every member. End-to-end times are a client's and are not sent. A reader that knows fewer levels than were
 * sent ignores the extra ones; missing levels read as empty.
 *
 * <p>THREADING: stateless; any thread.
 *
 * <pre>{@code
 * byte[] bytes = MetricsCodec.encode(taskMetrics.snapshot());
 * List<LevelSnapshot> back = MetricsCodec.decode(bytes);
 * }</pre>
 */
public final class MetricsCodec {

    private static final Priority[] PRIORITIES = Priority.values();
    /** Headroom over HdrHistogram's own estimate: deflate may add a few bytes to a tiny payload. */
    private static final int ENCODING_SLACK = 64;

    private MetricsCodec() {
    }

    /** Encodes the counters, queue waits and run times of each level, in the order given. */
    public static byte[] encode(List<LevelSnapshot> levels) {
        Output o = new Output(256, -1);
        o.writeVarInt(levels.size(), true);
        for (LevelSnapshot l : levels) {
            TaskCounters c = l.counters();
            for (long v : new long[] {c.submitted(), c.started(), c.succeeded(), c.failed(), c.cancelled(), c.timedOut(),
                c.rejected(), c.stolen(), c.ranOnOwner(), c.ranOnBackup(), c.ranElsewhere()}) {
                o.writeVarLong(v, false);
            }
            writeHistogram(o, l.queueWait());
            writeHistogram(o, l.runTime());
        }
        return o.toBytes();
    }

    /**
     * Decodes what {@link #encode} wrote: one entry per {@link Priority}, in order.
     *
     * @throws IllegalArgumentException when the bytes are not such an encoding
     */
    public static List<LevelSnapshot> decode(byte[] bytes) {
        Input in = new Input(bytes);
        int sent = in.readVarInt(true);
        List<LevelSnapshot> out = new ArrayList<>(PRIORITIES.length);
        for (int i = 0; i < sent; i++) {
            long[] v = new long[11];
            for (int k = 0; k < v.length; k++) {
                v[k] = in.readVarLong(false);
            }
            Histogram wait = readHistogram(in);
            Histogram run = readHistogram(in);
            if (i < PRIORITIES.length) {
                TaskCounters c = new TaskCounters(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
                out.add(new LevelSnapshot(PRIORITIES[i], c, wait, run, LatencyRecorder.newHistogram()));
            }
        }
        for (int i = out.size(); i < PRIORITIES.length; i++) {
            out.add(LevelSnapshot.empty(PRIORITIES[i]));
        }
        return out;
    }

    private static void writeHistogram(Output o, Histogram h) {
        if (h.getTotalCount() == 0) {
            o.writeVarInt(0, true);
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity() + ENCODING_SLACK);
        int n = h.encodeIntoCompressedByteBuffer(buf);
        o.writeVarInt(n, true);
        o.writeBytes(buf.array(), 0, n);
    }

    private static Histogram readHistogram(Input in) {
        int n = in.readVarInt(true);
        Histogram h = LatencyRecorder.newHistogram();
        if (n == 0) {
            return h;
        }
        byte[] bytes = in.readBytes(n);
        try {
            h.add(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0));
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("a histogram in a STATS record cannot be decoded (" + n + " bytes, starting "
                    + Arrays.toString(Arrays.copyOf(bytes, Math.min(8, n))) + "): " + e.getMessage(), e);
        }
        return h;
    }
}
