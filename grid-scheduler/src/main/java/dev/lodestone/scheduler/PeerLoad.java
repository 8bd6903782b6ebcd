package dev.lodestone.scheduler;

/**
 * What a member last said about its queue, as its peers see it.
 *
 * <pre>{@code
 * board.put("member-2", new PeerLoad(120_000, 80_000, clock.nanoTime()));
 * }</pre>
 *
 * @param queued     tasks waiting in its queue
 * @param loose      of those, tasks that another member could ever run (see {@link LocalityLadder#loose})
 * @param sinceNanos when this was heard
 */
public record PeerLoad(long queued, long loose, long sinceNanos) {

    /** Checks the counts. */
    public PeerLoad {
        if (queued < 0 || loose < 0 || loose > queued) {
            throw new IllegalArgumentException("need 0 <= loose <= queued, got loose " + loose + ", queued " + queued);
        }
    }
}
