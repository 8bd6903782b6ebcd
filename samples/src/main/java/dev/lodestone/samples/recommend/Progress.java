package dev.lodestone.samples.recommend;

/**
 * Told how a recommendation run advances, for a progress display.
 *
 * <p>THREADING: {@link #step} may be called from any thread.
 */
public interface Progress {

    /** Does nothing. */
    Progress NONE = new Progress() {
        @Override
        public void phase(String name, int steps) {
        }

        @Override
        public void step() {
        }
    };

    /** A phase of {@code steps} steps starts (the previous one, if any, ended). */
    void phase(String name, int steps);

    /** One step of the current phase is done. */
    void step();
}
