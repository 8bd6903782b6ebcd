package dev.lodestone.bench.tasks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Burns CPU for a given time, the body of the benchmarks' "~1 ms of CPU" tasks.
 *
 * <p>Design: the time is the calling thread's CPU time where the JVM measures it, so a task costs the same CPU
 * whether its worker has a core to itself or shares one (on an oversubscribed machine it then takes longer on
 * the wall clock, as real work would); where thread CPU time is not available, the wall clock
 * ({@link System#nanoTime()}). The loop does real arithmetic (xorshift) whose result goes to a volatile sink, so
 * the JIT cannot remove it; the clock is read every {@link #CHUNK} steps (about a microsecond) so its cost stays
 * small. It never sleeps.
 *
 * <p>THREADING: stateless apart from the sink; call from any thread.
 */
public final class Burn {

    /** Xorshift steps between two clock reads. */
    static final int CHUNK = 512;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_CLOCK = cpuClockAvailable();

    /** Keeps the loop's result alive; read by nobody. */
    private static volatile long sink;

    private Burn() {
    }

    /**
     * Spins until this thread has used {@code nanos} of CPU time (or, without a CPU clock, until {@code nanos}
     * have passed).
     *
     * <pre>{@code
     * Burn.cpu(1_000_000); // about 1 ms of CPU
     * }</pre>
     */
    public static void cpu(long nanos) {
        if (nanos <= 0) {
            return;
        }
        long x = System.nanoTime() | 1;
        long start = now();
        long deadline = start + nanos;
        do {
            for (int i = 0; i < CHUNK; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
        } while (now() < deadline);
        sink = x;
    }

    /** This thread's CPU time in nanoseconds, or {@link System#nanoTime()} where the JVM has no CPU clock. */
    public static long now() {
        return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Which clock {@link #cpu(long)} spins on: {@code "thread-cpu"} or {@code "wall"}. */
    public static String clock() {
        return CPU_CLOCK ? "thread-cpu" : "wall";
    }

    private static boolean cpuClockAvailable() {
        try {
            if (!THREADS.isCurrentThreadCpuTimeSupported()) {
                return false;
            }
            if (!THREADS.isThreadCpuTimeEnabled()) {
                THREADS.setThreadCpuTimeEnabled(true);
            }
            return THREADS.getCurrentThreadCpuTime() >= 0;
        } catch (UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
