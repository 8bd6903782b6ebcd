package dev.lodestone.api.serial;

/**
 * Where a {@link TypeRegistrar} registers the classes that travel through the grid: tasks,
 * results, and map keys and values of your own types.
 *
 * <p>Every JVM of a cluster (members and clients) must register the same classes under the same
 * ids; a client whose registrations differ from a member's is refused when it connects.
 *
 * <pre>{@code
 * registry.register(CountWords.class);          // id derived from the class name
 * registry.register(WordCounts.class, 20_001);  // explicit id
 * }</pre>
 */
public interface TypeRegistry {

    /** The lowest id users may pass; lower ids are Lodestone's own. */
    int FIRST_USER_ID = 1000;

    /**
     * Registers a class under an id derived from its fully qualified name (stable across JVMs).
     *
     * @throws IllegalArgumentException when another class already has that id: give one explicitly
     */
    void register(Class<?> type);

    /**
     * Registers a class under an explicit id, {@code >= FIRST_USER_ID}.
     *
     * @throws IllegalArgumentException when the id is taken or out of range
     */
    void register(Class<?> type, int id);
}
