package dev.lodestone.bench;

import dev.lodestone.api.data.GridMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Fills a scenario's map with keys {@code 0..keys-1}, {@link #CHUNK} entries per {@code putAll}: few round trips,
 * none so large that one member's share of it waits long.
 *
 * <pre>{@code
 * MapFill.fill(map, 100_000, k -> new byte[1024]);
 * }</pre>
 */
final class MapFill {

    static final int CHUNK = 1_000;

    private MapFill() {
    }

    static void fill(GridMap<Integer, byte[]> map, int keys, IntFunction<byte[]> value) {
        Map<Integer, byte[]> chunk = new HashMap<>();
        for (int k = 0; k < keys; k++) {
            chunk.put(k, value.apply(k));
            if (chunk.size() == CHUNK || k == keys - 1) {
                map.putAll(chunk);
                chunk.clear();
            }
        }
    }
}
