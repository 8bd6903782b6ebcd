package dev.lodestone.samples;

import dev.lodestone.api.serial.TypeRegistrar;
import dev.lodestone.api.serial.TypeRegistry;
import dev.lodestone.samples.quickstart.LineLength;
import dev.lodestone.samples.wordcount.CountPartitionWords;

/** Registers the samples' task and result classes; listed in META-INF/services. */
public final class SampleTypes implements TypeRegistrar {

    @Override
    public void register(TypeRegistry registry) {
        registry.register(CountPartitionWords.class);
        registry.register(LineLength.class);
        registry.register(dev.lodestone.samples.recommend.Params.class);
        registry.register(dev.lodestone.samples.recommend.UserBlock.Compact.class);
        registry.register(dev.lodestone.samples.recommend.UserBlock.Wide.class);
        registry.register(dev.lodestone.samples.recommend.Neighbours.class);
        registry.register(dev.lodestone.samples.recommend.Recommendations.class);
        registry.register(dev.lodestone.samples.recommend.NeighboursTask.class);
        registry.register(dev.lodestone.samples.recommend.RecommendTask.class);
        registry.register(dev.lodestone.samples.recommend.ForgetRun.class);
        registry.register(dev.lodestone.samples.recommend.ShareNeighbours.class);
    }
}
