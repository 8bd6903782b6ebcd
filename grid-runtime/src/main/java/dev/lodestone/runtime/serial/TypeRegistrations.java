package dev.lodestone.runtime.serial;

import dev.lodestone.api.serial.TypeRegistrar;
import dev.lodestone.api.serial.TypeRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The classes users registered, with their ids: collected once from every {@link TypeRegistrar}
 * on the class path, then frozen.
 *
 * <p>Ids derived from class names (not from registration order) let two JVMs whose registrars run
 * in another order, or that have extra registrars, still agree on every shared class. The
 * {@link #digest()} lets a member refuse a client whose registrations differ, instead of decoding
 * garbage.
 *
 * <p>THREADING: built by one thread, then immutable.
 */
public final class TypeRegistrations implements TypeRegistry {

    /** Explicit user ids are below this; ids derived from names are at or above it. */
    static final int FIRST_DERIVED_ID = 100_000;
    private static final int DERIVED_RANGE = 1 << 30;

    private final Map<Integer, Class<?>> byId = new TreeMap<>();
    private final Map<Class<?>, Integer> byClass = new LinkedHashMap<>();
    private boolean frozen;

    /** Registrations from every {@link TypeRegistrar} that {@link ServiceLoader} finds. */
    public static TypeRegistrations fromClassPath(ClassLoader loader) {
        TypeRegistrations r = new TypeRegistrations();
        for (TypeRegistrar registrar : ServiceLoader.load(TypeRegistrar.class, loader)) {
            registrar.register(r);
        }
        r.frozen = true;
        return r;
    }

    /** Registrations from these registrars only (tests, embedded use). */
    public static TypeRegistrations of(List<TypeRegistrar> registrars) {
        TypeRegistrations r = new TypeRegistrations();
        registrars.forEach(reg -> reg.register(r));
        r.frozen = true;
        return r;
    }

    @Override
    public void register(Class<?> type) {
        register(type, derivedId(type.getName()), "derived from its name");
    }

    @Override
    public void register(Class<?> type, int id) {
        if (id < FIRST_USER_ID || id >= FIRST_DERIVED_ID) {
            throw new IllegalArgumentException("registration id " + id + " for " + type.getName() + " is outside "
                    + FIRST_USER_ID + ".." + (FIRST_DERIVED_ID - 1) + " (lower ids are Lodestone's own, higher ones are"
                    + " derived from class names)");
        }
        register(type, id, "explicit");
    }

    private void register(Class<?> type, int id, String how) {
        if (frozen) {
            throw new IllegalStateException("registrations are closed; register " + type.getName() + " in a TypeRegistrar");
        }
        Integer existing = byClass.get(type);
        if (existing != null) {
            if (existing == id) {
                return;
            }
            throw new IllegalArgumentException(type.getName() + " is registered twice, with ids " + existing + " and " + id);
        }
        Class<?> clash = byId.get(id);
        if (clash != null) {
            throw new IllegalArgumentException("id " + id + " (" + how + ") of " + type.getName() + " is already taken by "
                    + clash.getName() + "; register one of them with an explicit id");
        }
        byId.put(id, type);
        byClass.put(type, id);
    }

    /** A stable id in [FIRST_DERIVED_ID, FIRST_DERIVED_ID + 2^30) from a class name (FNV-1a). */
    static int derivedId(String className) {
        long h = 0xcbf29ce484222325L;
        for (byte b : className.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return FIRST_DERIVED_ID + (int) Math.floorMod(h, (long) DERIVED_RANGE);
    }

    /** Registered classes by id, in id order. */
    public Map<Integer, Class<?>> byId() {
        return Collections.unmodifiableMap(byId);
    }

    /** A fingerprint of every (id, class name) pair; equal digests mean compatible registrations. */
    public long digest() {
        long h = 0xcbf29ce484222325L;
        for (Map.Entry<Integer, Class<?>> e : byId.entrySet()) {
            String s = e.getKey() + "=" + e.getValue().getName() + ";";
            for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
                h ^= b & 0xff;
                h *= 0x100000001b3L;
            }
        }
        return h;
    }

    /** The registered class names, sorted, for error messages. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        byId.forEach((id, c) -> sb.append(sb.length() == 0 ? "" : ", ").append(c.getName()).append('=').append(id));
        return "[" + sb + "]";
    }
}
