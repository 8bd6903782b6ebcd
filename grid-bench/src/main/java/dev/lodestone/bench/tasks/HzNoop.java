package dev.lodestone.bench.tasks;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * The baseline's twin of {@link Noop}: a {@link Callable} for Hazelcast's {@code IExecutorService.submitToKeyOwner}
 * that carries its key and returns it. Serialized as {@link IdentifiedDataSerializable} (four bytes of key), as
 * Hazelcast advises for speed.
 *
 * <pre>{@code
 * Future<Integer> f = hazelcast.getExecutorService("lodestone-bench").submitToKeyOwner(new HzNoop(42), 42);
 * }</pre>
 *
 * <p>Not thread-safe while being read; immutable once made.
 */
public final class HzNoop implements Callable<Integer>, IdentifiedDataSerializable {

    private int key;

    /** For Hazelcast's deserialization ({@link HzBenchFactory}). */
    public HzNoop() {
    }

    /** A task affine to {@code key}. */
    public HzNoop(int key) {
        this.key = key;
    }

    @Override
    public Integer call() {
        return key;
    }

    @Override
    public int getFactoryId() {
        return HzBenchFactory.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return HzBenchFactory.NOOP;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(key);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        key = in.readInt();
    }

    @Override
    public String toString() {
        return "HzNoop[key=" + key + "]";
    }
}
