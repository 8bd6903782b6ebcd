package dev.lodestone.bench.tasks;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.util.Map;

/**
 * The latency benchmark's {@code IMap.executeOnKey} baseline: an entry processor that reads its entry and returns the
 * value's length, changing nothing. It is {@link ReadOnly} with no backup processor, as Hazelcast advises for
 * processors that do not write, so no backup operation follows it; it is {@link IdentifiedDataSerializable}.
 *
 * <pre>{@code
 * int length = hazelcast.<Integer, byte[]>getMap("bench-latency").executeOnKey(42, new HzNoopProcessor());
 * }</pre>
 *
 * <p>Stateless.
 */
public final class HzNoopProcessor implements EntryProcessor<Integer, byte[], Integer>, IdentifiedDataSerializable, ReadOnly {

    @Override
    public Integer process(Map.Entry<Integer, byte[]> entry) {
        byte[] value = entry.getValue();
        return value == null ? -1 : value.length;
    }

    @Override
    public EntryProcessor<Integer, byte[], Integer> getBackupProcessor() {
        return null; // it writes nothing: no backup operation
    }

    @Override
    public int getFactoryId() {
        return HzBenchFactory.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return HzBenchFactory.NOOP_PROCESSOR;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // no state
    }

    @Override
    public void readData(ObjectDataInput in) {
        // no state
    }
}
