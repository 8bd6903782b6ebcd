package dev.lodestone.bench;

import com.hazelcast.client.config.ClientConfig;
import dev.lodestone.bench.tasks.HzBenchFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hazelcast's settings for the benchmarks that compare Lodestone with raw Hazelcast, tuned for a small machine as
 * Hazelcast's performance guide advises ("Using Operation Threads Efficiently": no more operation threads than
 * cores, fewer for operations as short as these, because parking and unparking threads is what costs; one I/O thread
 * each way is enough for a handful of connections), on the members and in the baseline's client. Both sides run on
 * the same member processes, so Lodestone's members get exactly these settings too.
 *
 * <pre>{@code
 * HazelcastTuning t = HazelcastTuning.of(run.params(), cores, 2, workers);
 * LocalCluster c = run.cluster("tput", 2, settings, t::applyTo);   // members' hazelcast.yaml copy
 * ClientConfig cc = t.clientConfig(c.clusterName(), addresses);    // the baseline's client
 * }</pre>
 *
 * <p>Defaults, with {@code cores / members} cores per member (members sharing one machine stand in for members on
 * machines of their own, as Lodestone's {@code worker.threads} does): partition threads = cores per member, generic
 * threads = cores per member, I/O threads 1 in + 1 out, response threads 1, the benchmark executor's pool size =
 * Lodestone's workers per member, the client's I/O threads 1 + 1 and response threads 1. {@code --hz-untuned} leaves
 * Hazelcast's own defaults instead (on this machine: 2 partition, 2 generic, 3 + 3 I/O, 2 response threads, an
 * executor pool of 16).
 *
 * @param tuned            false for Hazelcast's own defaults
 * @param partitionThreads {@code hazelcast.operation.thread.count}
 * @param genericThreads   {@code hazelcast.operation.generic.thread.count}
 * @param ioThreads        {@code hazelcast.io.input.thread.count} and {@code .output.}, and the client's
 * @param responseThreads  {@code hazelcast.operation.response.thread.count}, and the client's
 * @param executorPoolSize {@code pool-size} of the executor {@link #EXECUTOR}
 */
record HazelcastTuning(boolean tuned, int partitionThreads, int genericThreads, int ioThreads, int responseThreads,
                       int executorPoolSize) {

    /** The name of the Hazelcast executor the baseline submits to. */
    static final String EXECUTOR = "lodestone-bench";
    /** Hazelcast's own default pool size of an executor. */
    static final int HAZELCAST_DEFAULT_POOL = 16;

    static final String UNTUNED = "hz-untuned";
    static final String PARTITION_THREADS = "hz-partition-threads";
    static final String GENERIC_THREADS = "hz-generic-threads";
    static final String IO_THREADS = "hz-io-threads";
    static final String EXECUTOR_THREADS = "hz-executor-threads";

    /** The options of the scenarios that use these settings. */
    static List<Option> options() {
        return List.of(
                Option.flag(UNTUNED, "leave Hazelcast's own thread defaults (and an executor pool of 16) instead of the tuned ones"),
                Option.optionalInteger(PARTITION_THREADS, 1, 256, "hazelcast.operation.thread.count (default: cores / members)"),
                Option.optionalInteger(GENERIC_THREADS, 1, 256, "hazelcast.operation.generic.thread.count (default: cores / members)"),
                Option.optionalInteger(IO_THREADS, 1, 64, "Hazelcast I/O threads each way, members and client (default 1)"),
                Option.optionalInteger(EXECUTOR_THREADS, 1, 4_096, "pool-size of the baseline's executor (default: the members' workers)"));
    }

    /**
     * The settings the options ask for.
     *
     * @param workers Lodestone's {@code worker.threads} of each member
     */
    static HazelcastTuning of(Params p, int cores, int members, int workers) {
        if (p.flag(UNTUNED)) {
            return new HazelcastTuning(false, 0, 0, 0, 0, HAZELCAST_DEFAULT_POOL);
        }
        int perMember = Math.max(1, cores / members);
        return new HazelcastTuning(true, value(p, PARTITION_THREADS, perMember), value(p, GENERIC_THREADS, perMember),
                value(p, IO_THREADS, 1), 1, value(p, EXECUTOR_THREADS, workers));
    }

    private static int value(Params p, String option, int otherwise) {
        return p.has(option) ? p.integer(option) : otherwise;
    }

    /** The members' Hazelcast properties; none when untuned. */
    Map<String, String> memberProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        if (tuned) {
            m.put("hazelcast.operation.thread.count", Integer.toString(partitionThreads));
            m.put("hazelcast.operation.generic.thread.count", Integer.toString(genericThreads));
            m.put("hazelcast.io.input.thread.count", Integer.toString(ioThreads));
            m.put("hazelcast.io.output.thread.count", Integer.toString(ioThreads));
            m.put("hazelcast.operation.response.thread.count", Integer.toString(responseThreads));
        }
        return m;
    }

    /** The baseline client's Hazelcast properties; none when untuned. */
    Map<String, String> clientProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        if (tuned) {
            m.put("hazelcast.client.io.input.thread.count", Integer.toString(ioThreads));
            m.put("hazelcast.client.io.output.thread.count", Integer.toString(ioThreads));
            m.put("hazelcast.client.response.thread.count", Integer.toString(responseThreads));
        }
        return m;
    }

    /**
     * A member's {@code hazelcast.yaml} with these settings: the properties, the executor {@link #EXECUTOR}, and the
     * factory of the baseline's {@code IdentifiedDataSerializable} tasks ({@link HzBenchFactory}).
     */
    String applyTo(String yaml) {
        String out = yaml;
        if (tuned) {
            out = HazelcastYamlEdit.setProperties(out, memberProperties());
        }
        out = HazelcastYamlEdit.addEntries(out, List.of("hazelcast", "executor-service"),
                List.of(EXECUTOR + ":", "  pool-size: " + executorPoolSize));
        return HazelcastYamlEdit.addEntries(out, List.of("hazelcast", "serialization", "data-serializable-factories"),
                List.of("- factory-id: " + HzBenchFactory.FACTORY_ID, "  class-name: " + HzBenchFactory.class.getName()));
    }

    /** The baseline's client: a smart client of the cluster with these settings and the tasks' factory. */
    ClientConfig clientConfig(String clusterName, List<String> addresses) {
        ClientConfig cc = new ClientConfig();
        cc.setClusterName(clusterName);
        cc.getNetworkConfig().setAddresses(addresses);
        cc.setProperty("hazelcast.logging.type", "slf4j");
        cc.setProperty("hazelcast.client.statistics.enabled", "false");
        clientProperties().forEach(cc::setProperty);
        cc.getSerializationConfig().addDataSerializableFactory(HzBenchFactory.FACTORY_ID, new HzBenchFactory());
        return cc;
    }

    /** One line for the report's parameters. */
    String describe() {
        if (!tuned) {
            return "Hazelcast's defaults, executor pool-size=" + executorPoolSize;
        }
        return String.format(Locale.ROOT, "operation.thread.count=%d operation.generic.thread.count=%d io.input/output.thread.count=%d"
                        + " operation.response.thread.count=%d executor pool-size=%d; client io threads=%d response threads=%d",
                partitionThreads, genericThreads, ioThreads, responseThreads, executorPoolSize, ioThreads, responseThreads);
    }
}
