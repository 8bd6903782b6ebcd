package dev.lodestone.microbench;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;
import java.io.Serializable;

/**
 * A typical small data-affine task, the payload of the serialization benchmarks: a map name, a key and
 * a few numbers. Kryo writes it with its record serializer (registered in {@link SerializationBenchmark});
 * for Hazelcast it is {@link Serializable}, so Hazelcast's default serialization is Java serialization.
 *
 * <pre>{@code
 * grid.submit(new ReserveStock("stock", "sku-004211", 91_000_017L, 3, 7, System.currentTimeMillis()),
 *         SubmitOptions.affinity("stock", "sku-004211"));
 * }</pre>
 */
public record ReserveStock(String map, String sku, long orderId, int quantity, int warehouse, long requestedAtMillis)
        implements Task<Boolean>, Serializable {

    private static final long serialVersionUID = 1L;

    /** The task the serialization benchmarks send. */
    public static ReserveStock sample() {
        return new ReserveStock("stock", "sku-004211", 91_000_017L, 3, 7, 1_767_225_600_000L);
    }

    @Override
    public Boolean run(TaskContext ctx) {
        Integer onHand = ctx.<String, Integer>map(map).get(sku);
        return onHand != null && onHand >= quantity;
    }
}
