package dev.lodestone.runtime.job;

import com.hazelcast.query.Predicate;
import java.util.Map;

/**
 * Tallies of jobs not finished and not changed since {@code quietSinceMillis}: the ones whose members may have died
 * before reporting, to be counted exactly.
 *
 * @param quietSinceMillis epoch ms
 */
public record Unfinished(long quietSinceMillis) implements Predicate<String, JobTally> {

    @Override
    public boolean apply(Map.Entry<String, JobTally> e) {
        JobTally t = e.getValue();
        return t != null && !t.finished() && t.changedMillis() < quietSinceMillis;
    }
}
