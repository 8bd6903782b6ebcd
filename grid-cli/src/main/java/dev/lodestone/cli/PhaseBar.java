package dev.lodestone.cli;

import dev.lodestone.samples.recommend.Progress;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A progress bar per phase, redrawn in place at most ten times a second, when a terminal is attached; nothing
 * otherwise (the summary gives each phase's time).
 *
 * <p>THREADING: {@link #step} from any thread; drawing is synchronized.
 */
final class PhaseBar implements Progress {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final AtomicInteger done = new AtomicInteger();
    private volatile String phase;
    private volatile int steps;
    private long drawnAt;

    PhaseBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void phase(String name, int total) {
        if (terminal && phase != null) {
            draw(true);
            out.println();
        }
        phase = name;
        steps = total;
        done.set(0);
        drawnAt = 0;
    }

    @Override
    public void step() {
        int d = done.incrementAndGet();
        if (terminal && (d == steps || System.nanoTime() - drawnAt > REDRAW_NANOS)) {
            synchronized (this) {
                draw(false);
            }
        }
    }

    /** Ends the last phase's line. */
    synchronized void end() {
        if (terminal && phase != null) {
            draw(true);
            out.println();
            phase = null;
        }
    }

    private void draw(boolean force) {
        long now = System.nanoTime();
        if (!force && now - drawnAt < REDRAW_NANOS && done.get() != steps) {
            return;
        }
        drawnAt = now;
        int d = Math.min(done.get(), steps);
        int filled = steps == 0 ? WIDTH : (int) ((long) d * WIDTH / steps);
        out.print("\r" + String.format("%-10s [%s%s] %d/%d", phase, "#".repeat(filled), ".".repeat(WIDTH - filled), d, steps));
        out.flush();
    }
}
