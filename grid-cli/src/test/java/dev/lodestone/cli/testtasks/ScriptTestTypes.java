package dev.lodestone.cli.testtasks;

import dev.lodestone.api.serial.TypeRegistrar;
import dev.lodestone.api.serial.TypeRegistry;

/**
 * Registers the tasks of the process-level tests. The test JVM finds it on its test class path;
 * members started by {@code bin/start-member} find it because the tests put {@code target/test-classes}
 * on their class path ({@code LODESTONE_CLASSPATH}), so both sides register exactly the same types.
 */
public final class ScriptTestTypes implements TypeRegistrar {

    @Override
    public void register(TypeRegistry registry) {
        registry.register(ReadOnOwner.class);
        registry.register(Seen.class);
        registry.register(WhoAmI.class);
        registry.register(Boom.class);
        registry.register(Score.class);
        registry.register(Scored.class);
        registry.register(Derive.class);
    }
}
