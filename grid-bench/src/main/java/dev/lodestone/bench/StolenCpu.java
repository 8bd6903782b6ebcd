package dev.lodestone.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The share of the machine's CPU time that the hypervisor gave to other guests since this meter started: the
 * {@code steal} field of the {@code cpu} line of {@code /proc/stat}, which {@code vmstat} shows as {@code st}. On a
 * shared virtual machine it is noise that no baseline in the same run cancels: a thread that is not running cannot
 * answer, so tail latencies take it whole, and a round with more of it than its rival's skews a ratio. Each round's
 * log line and the report carry it so that a reader can tell a slow round from a slow machine. NaN where
 * {@code /proc/stat} is missing or has no steal field.
 *
 * <pre>{@code
 * StolenCpu stolen = StolenCpu.start();
 * runTheRound();
 * double share = stolen.fraction();   // 0.31: 31% of the CPU time went to other guests
 * }</pre>
 *
 * <p>THREADING: immutable.
 */
final class StolenCpu {

    private static final Path PROC_STAT = Path.of("/proc/stat");
    /** Fields of the {@code cpu} line: user nice system idle iowait irq softirq steal; steal is the 8th. */
    private static final int STEAL = 7;

    private final long[] start;

    private StolenCpu(long[] start) {
        this.start = start;
    }

    /** A meter from now. */
    static StolenCpu start() {
        return new StolenCpu(sample());
    }

    /** Stolen CPU time over all CPU time since {@link #start}, from 0 to 1; NaN when unknown or no time passed. */
    double fraction() {
        long[] now = sample();
        if (start == null || now == null || now[1] <= start[1]) {
            return Double.NaN;
        }
        return (double) (now[0] - start[0]) / (now[1] - start[1]);
    }

    /** {steal, total} of the machine's CPU time so far, in ticks; null when unknown. */
    private static long[] sample() {
        try {
            return parse(Files.readString(PROC_STAT, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return null; // not Linux, or no /proc
        }
    }

    /**
     * {steal, total} from the text of {@code /proc/stat}: the {@code cpu} line's steal field and the sum of its fields
     * up to steal (guest time is already counted in user time, so it is left out); null without a steal field.
     */
    static long[] parse(String procStat) {
        for (String line : procStat.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.substring(4).trim().split("\\s+");
                if (f.length <= STEAL) {
                    return null;
                }
                long total = 0;
                for (int x = 0; x <= STEAL; x++) {
                    total += Long.parseLong(f[x]);
                }
                return new long[] {Long.parseLong(f[STEAL]), total};
            }
        }
        return null;
    }

    /** For a log line: {@code ", stolen_cpu=12%"}, or nothing when unknown. */
    static String logSuffix(double fraction) {
        return Double.isNaN(fraction) ? "" : String.format(Locale.ROOT, ", stolen_cpu=%.0f%%", fraction * 100);
    }
}
