package dev.lodestone.scheduler;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link TaskQueue} shares a priority level between the submitters that have tasks there:
 * least recent service first.
 *
 * <p>Each submitter has, per level, a <em>usage</em>: the tasks the queue has given it from that
 * level, each counted as {@code 2^(-age / halfLife)}, so a task started one half-life ago counts
 * one half. A turn goes to the submitter with the least usage; equal usage goes to the one served,
 * or arrived, longest ago. Two submitters that both keep tasks queued therefore take turns, as in
 * round robin, while one that arrives with a few tasks beside a long-running batch goes first until
 * its usage catches up with the batch's, which is what a user waiting on ten tasks behind someone
 * else's million expects. A half-life of zero, {@link #roundRobin()}, forgets usage at once: plain
 * round robin, where a newcomer queues behind every submitter already there. See {@link TaskQueue}
 * for the bound on how long a submitter can be passed.
 *
 * <pre>{@code
 * FairShare.defaults();                          // half-life of 1 s
 * FairShare.decaying(Duration.ofSeconds(10));    // long memory: a big batch yields longer
 * FairShare.roundRobin();                        // plain round robin
 * }</pre>
 *
 * @param halfLife how long it takes for a task given to a submitter to count half as much against
 *                 it; {@link Duration#ZERO} for plain round robin
 */
public record FairShare(Duration halfLife) {

    /** The half-life of {@link #defaults()}: 1 s. */
    public static final Duration DEFAULT_HALF_LIFE = Duration.ofSeconds(1);

    private static final FairShare DEFAULTS = new FairShare(DEFAULT_HALF_LIFE);
    private static final FairShare ROUND_ROBIN = new FairShare(Duration.ZERO);

    /**
     * Checks the half-life; zero means round robin, so a configured {@code 0} needs no special case.
     *
     * <pre>{@code
     * new FairShare(Duration.ofMillis(settings.fairShareHalfLifeMillis()));
     * }</pre>
     *
     * @throws NullPointerException if {@code halfLife} is null
     * @throws IllegalArgumentException if {@code halfLife} is negative
     */
    public FairShare {
        Objects.requireNonNull(halfLife, "halfLife");
        if (halfLife.isNegative()) {
            throw new IllegalArgumentException("fair share half-life must not be negative (zero means round robin), was "
                    + halfLife);
        }
    }

    /**
     * Least recent service first, with a half-life of {@link #DEFAULT_HALF_LIFE}; what a queue uses
     * unless told otherwise.
     *
     * <pre>{@code
     * new TaskQueue<>(5, 100_000, Clock.system(), AgingPolicy.defaults(), FairShare.defaults());
     * }</pre>
     */
    public static FairShare defaults() {
        return DEFAULTS;
    }

    /**
     * Least recent service first, with usage halving every {@code halfLife}.
     *
     * <pre>{@code
     * FairShare.decaying(Duration.ofMillis(200));
     * }</pre>
     *
     * @throws NullPointerException if {@code halfLife} is null
     * @throws IllegalArgumentException if {@code halfLife} is not positive; ask for {@link #roundRobin()} by name
     */
    public static FairShare decaying(Duration halfLife) {
        Objects.requireNonNull(halfLife, "halfLife");
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("fair share half-life must be at least 1 ns (for round robin use roundRobin()), was "
                    + halfLife);
        }
        return new FairShare(halfLife);
    }

    /**
     * Plain round robin: submitters with tasks take one turn each, newcomers at the back.
     *
     * <pre>{@code
     * new TaskQueue<>(5, 100_000, Clock.system(), AgingPolicy.defaults(), FairShare.roundRobin());
     * }</pre>
     */
    public static FairShare roundRobin() {
        return ROUND_ROBIN;
    }

    /**
     * Whether usage is remembered at all: false for {@link #roundRobin()}.
     *
     * <pre>{@code
     * FairShare.roundRobin().decays(); // false
     * }</pre>
     */
    public boolean decays() {
        return !halfLife.isZero();
    }

    /**
     * The half-life in nanoseconds: {@code 0} for {@link #roundRobin()}, {@link Long#MAX_VALUE} for
     * one too long to count in them.
     *
     * <pre>{@code
     * FairShare.defaults().halfLifeNanos(); // 1_000_000_000
     * }</pre>
     */
    public long halfLifeNanos() {
        try {
            return halfLife.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
