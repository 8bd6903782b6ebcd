package dev.lodestone.microbench;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;

/**
 * {@link ReserveStock} written the way Hazelcast's documentation advises for speed: an
 * {@link IdentifiedDataSerializable} with hand-written fields and a factory, no reflection. The tuned
 * rival, beside Hazelcast's default (Java serialization) in {@link SerializationBenchmark}.
 *
 * <p>THREADING: not thread-safe (mutable, as the interface requires a no-argument constructor).
 */
public final class ReserveStockIds implements IdentifiedDataSerializable {

    /** The factory id registered with the serialization service. */
    public static final int FACTORY_ID = 1_001;
    /** This class's id within the factory. */
    public static final int CLASS_ID = 1;
    /** Creates empty instances for Hazelcast to read into. */
    public static final DataSerializableFactory FACTORY = id -> id == CLASS_ID ? new ReserveStockIds() : null;

    private String map;
    private String sku;
    private long orderId;
    private int quantity;
    private int warehouse;
    private long requestedAtMillis;

    /** For Hazelcast: an empty instance to read into. */
    public ReserveStockIds() {
    }

    /** The same fields as {@code task}. */
    public ReserveStockIds(ReserveStock task) {
        this.map = task.map();
        this.sku = task.sku();
        this.orderId = task.orderId();
        this.quantity = task.quantity();
        this.warehouse = task.warehouse();
        this.requestedAtMillis = task.requestedAtMillis();
    }

    /** The fields as the record the other codecs carry. */
    public ReserveStock toRecord() {
        return new ReserveStock(map, sku, orderId, quantity, warehouse, requestedAtMillis);
    }

    @Override
    public int getFactoryId() {
        return FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CLASS_ID;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(map);
        out.writeString(sku);
        out.writeLong(orderId);
        out.writeInt(quantity);
        out.writeInt(warehouse);
        out.writeLong(requestedAtMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        map = in.readString();
        sku = in.readString();
        orderId = in.readLong();
        quantity = in.readInt();
        warehouse = in.readInt();
        requestedAtMillis = in.readLong();
    }
}
