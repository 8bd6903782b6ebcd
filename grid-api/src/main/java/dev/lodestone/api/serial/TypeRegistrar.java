package dev.lodestone.api.serial;

/**
 * Registers an application's classes for serialization. Found with {@link java.util.ServiceLoader}
 * on members and clients alike: list your implementation in
 * {@code META-INF/services/dev.lodestone.api.serial.TypeRegistrar} and put the jar on every member's
 * class path ({@code bin/start-member --classpath}).
 *
 * <pre>{@code
 * public final class MyTypes implements TypeRegistrar {
 *     public void register(TypeRegistry registry) {
 *         registry.register(CountWords.class);
 *         registry.register(WordCounts.class);
 *     }
 * }
 * }</pre>
 */
public interface TypeRegistrar {

    /** Registers this application's classes. */
    void register(TypeRegistry registry);
}
