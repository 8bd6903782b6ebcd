package dev.lodestone.bench;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import dev.lodestone.bench.tasks.HzNoop;
import dev.lodestone.bench.tasks.HzNoopProcessor;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

/**
 * The baseline: a plain Hazelcast client of the benchmark's member processes (each member embeds a Hazelcast
 * instance; the client joins the cluster by its name and the members' addresses), calling what a user would call
 * without Lodestone: {@code IExecutorService.submitToKeyOwner} of {@link HzNoop} on the executor
 * {@link HazelcastTuning#EXECUTOR}, and {@code IMap.executeOnKey} of {@link HzNoopProcessor}.
 *
 * <pre>{@code
 * RawHazelcast raw = run.track(RawHazelcast.connect(cluster, tuning));
 * int k = raw.submitToKeyOwner(new HzNoop(42), 42).toCompletableFuture().join();
 * }</pre>
 *
 * <p>Asynchronous calls chain on the {@link CompletionStage} that Hazelcast's client returns (its futures are
 * {@code CompletableFuture}s), whose dependent stages run on the thread that completes them, as Lodestone's do. The
 * {@code ExecutionCallback} overload is not used: it hands every callback to Hazelcast's default async executor,
 * which on a machine whose common pool has one thread is a new thread per callback, a cost no tuned user would pay.
 *
 * <p>THREADING: thread-safe, as Hazelcast's client is; {@link #close()} shuts the client down.
 */
final class RawHazelcast implements AutoCloseable {

    private final HazelcastInstance client;
    private final IExecutorService executor;

    private RawHazelcast(HazelcastInstance client) {
        this.client = client;
        this.executor = client.getExecutorService(HazelcastTuning.EXECUTOR);
    }

    /** Connects a Hazelcast client with the tuning's client settings to the cluster's members. */
    static RawHazelcast connect(LocalCluster cluster, HazelcastTuning tuning) {
        HazelcastInstance client;
        try {
            client = HazelcastClient.newHazelcastClient(tuning.clientConfig(cluster.clusterName(), cluster.connectOptions().addresses()));
        } catch (RuntimeException e) {
            throw new BenchException("the baseline's Hazelcast client could not connect to cluster " + cluster.clusterName() + " at "
                    + cluster.connectOptions().addresses() + ": " + e, e);
        }
        return new RawHazelcast(client);
    }

    /** {@code submitToKeyOwner(task, key)} on the benchmark executor; the stage completes with the task's result. */
    CompletionStage<Integer> submitToKeyOwner(HzNoop task, int key) {
        return stage(executor.submitToKeyOwner(task, key));
    }

    /** {@code submitToKeyOwner(task, key)} on the benchmark executor, as a plain {@link Future}. */
    Future<Integer> submitToKeyOwnerFuture(HzNoop task, int key) {
        return executor.submitToKeyOwner(task, key);
    }

    /** Hazelcast's reliable topic of that name (ringbuffer-backed, like Lodestone's topics). */
    com.hazelcast.topic.ITopic<long[]> reliableTopic(String name) {
        return client.getReliableTopic(name);
    }

    /** The map of that name, as Hazelcast's client sees it. */
    IMap<Integer, byte[]> map(String name) {
        return client.getMap(name);
    }

    @SuppressWarnings("unchecked") // Hazelcast's client returns CompletableFuture<T> typed as Future<T>
    private static <T> CompletionStage<T> stage(Future<T> f) {
        if (f instanceof CompletionStage<?> s) {
            return (CompletionStage<T>) s;
        }
        throw new BenchException("Hazelcast's submitToKeyOwner returned a " + f.getClass().getName() + ", not a CompletionStage;"
                + " the baseline cannot chain on it without a thread per call");
    }

    @Override
    public void close() {
        client.shutdown();
    }

    @Override
    public String toString() {
        return "the baseline's Hazelcast client " + client.getName();
    }
}
