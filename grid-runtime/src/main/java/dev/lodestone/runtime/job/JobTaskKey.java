package dev.lodestone.runtime.job;

import com.hazelcast.partition.PartitionAware;

/**
 * The key of one task of a durable job. It lives in the partition of {@code partitionKey} (the task's affinity
 * key, or a stand-in key of the chosen partition), so the task's entry and its data share an owner and backups.
 *
 * @param job          the job number
 * @param index        the task's position in the job (a trigger: the update's sequence)
 * @param partitionKey the object whose partition the entry lives in
 */
public record JobTaskKey(long job, long index, Object partitionKey) implements PartitionAware<Object> {

    @Override
    public Object getPartitionKey() {
        return partitionKey;
    }
}
