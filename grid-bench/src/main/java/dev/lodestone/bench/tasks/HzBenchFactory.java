package dev.lodestone.bench.tasks;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Makes the raw Hazelcast baseline's tasks when Hazelcast reads them: {@link HzNoop} and {@link HzNoopProcessor} are
 * {@link IdentifiedDataSerializable}, the serialization Hazelcast's documentation recommends for speed (no class
 * names or reflection on the wire). The bench registers this factory in its members' {@code hazelcast.yaml}
 * ({@code serialization/data-serializable-factories}) and in its Hazelcast client.
 *
 * <pre>{@code
 * clientConfig.getSerializationConfig().addDataSerializableFactory(HzBenchFactory.FACTORY_ID, new HzBenchFactory());
 * }</pre>
 */
public final class HzBenchFactory implements DataSerializableFactory {

    /** The factory's id; any id no other factory of the members uses. */
    public static final int FACTORY_ID = 7_301;
    static final int NOOP = 1;
    static final int NOOP_PROCESSOR = 2;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case NOOP -> new HzNoop();
            case NOOP_PROCESSOR -> new HzNoopProcessor();
            default -> throw new IllegalArgumentException("no benchmark type with id " + typeId + " in factory " + FACTORY_ID);
        };
    }
}
