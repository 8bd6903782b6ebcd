package dev.lodestone.microbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark once through JMH, in this JVM, for a few milliseconds: proves the harness
 * is generated and each benchmark sets up, runs and tears down. The figures mean nothing and
 * nothing here looks at them.
 */
class MicrobenchSmokeTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyBenchmarkRunsOnce() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(MicrobenchSmokeTest.class.getPackageName() + ".*Benchmark")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(20))
                .param("depth", "1000")
                .param("submitters", "4")
                .verbosity(VerboseMode.SILENT)
                .shouldFailOnError(true) // a benchmark that throws fails the test with its exception, not a missing result
                .build();

        Collection<RunResult> results = new Runner(options).run();

        Set<String> ran = new TreeSet<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            ran.add(label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1)
                    + (r.getParams().getParam("impl") == null ? "" : "/" + r.getParams().getParam("impl")));
            assertThat(r.getPrimaryResult().getSampleCount()).as(label).isPositive();
        }
        assertThat(ran).containsAll(List.of(
                "TaskQueueBenchmark.pollThenOffer/TASK_QUEUE_AGING",
                "TaskQueueBenchmark.drainToThenOfferAll/PRIORITY_BLOCKING_QUEUE",
                "TaskQueueContentionBenchmark.pollOne/TASK_QUEUE_STRICT",
                "TaskQueueContentionBenchmark.drainBatch/PRIORITY_BLOCKING_QUEUE",
                "LocalityBenchmark.decision",
                "LocalityBenchmark.takeForNothing",
                "LocalityBenchmark.takeForSixteen",
                "PlacementBenchmark.keyToPartition",
                "PlacementBenchmark.keyToMember",
                "PlacementBenchmark.memberRelation",
                "SerializationBenchmark.kryo",
                "SerializationBenchmark.kryoSubmitRecord",
                "SerializationBenchmark.hazelcastJava",
                "SerializationBenchmark.hazelcastIdentified"));
        assertThat(results).hasSize(3 * 2 + 3 * 2 + 3 + 3 + 4);
    }
}
