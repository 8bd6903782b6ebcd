package dev.lodestone.bench.tasks;

import dev.lodestone.api.serial.TypeRegistrar;
import dev.lodestone.api.serial.TypeRegistry;

/**
 * Registers the benchmark tasks and results; listed in META-INF/services. Members started from the
 * distribution ({@code grid-cli/target/lib}) have this jar, so they and {@code bin/grid bench} register the same.
 */
public final class BenchTypes implements TypeRegistrar {

    @Override
    public void register(TypeRegistry registry) {
        registry.register(Spin.class);
        registry.register(ReadAndSpin.class);
        registry.register(Ran.class);
        registry.register(MemberFacts.class);
        registry.register(MemberFacts.Facts.class);
        registry.register(Noop.class);
        registry.register(Hold.class);
        registry.register(Tally.class);
        registry.register(Tally.Done.class);
        registry.register(HeapPeak.class);
    }
}
