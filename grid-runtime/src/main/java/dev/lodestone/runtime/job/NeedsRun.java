package dev.lodestone.runtime.job;

import com.hazelcast.query.Predicate;
import java.util.Map;
import java.util.Set;

/**
 * Entries a partition owner should run: PENDING ones, and RUNNING ones whose runner is not a live member.
 *
 * @param liveMembers the uuids of the members in the cluster now
 */
public record NeedsRun(Set<String> liveMembers) implements Predicate<JobTaskKey, StoredTask> {

    @Override
    public boolean apply(Map.Entry<JobTaskKey, StoredTask> entry) {
        return entry.getValue().needsRun(liveMembers);
    }
}
