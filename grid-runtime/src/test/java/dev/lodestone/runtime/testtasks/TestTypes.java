package dev.lodestone.runtime.testtasks;

import dev.lodestone.api.serial.TypeRegistrar;
import dev.lodestone.api.serial.TypeRegistry;

/** Registers the test tasks. {@link Unregistered} is left out on purpose. */
public final class TestTypes implements TypeRegistrar {

    @Override
    public void register(TypeRegistry registry) {
        registry.register(ReadKey.class);
        registry.register(SleepWho.class);
        registry.register(Mark.class);
        registry.register(SlowRead.class);
        registry.register(Ran.class);
        registry.register(Fail.class);
        registry.register(Sleep.class);
        registry.register(WhoAmI.class);
        registry.register(Blob.class);
        registry.register(ReturnsUnregistered.class);
        registry.register(CountedRead.class);
        registry.register(FailUntil.class);
        registry.register(Derive.class);
        registry.register(Derive.Derived.class);
        registry.register(Announce.class);
        registry.register(AnnounceOnMembersTopic.class);
    }
}
