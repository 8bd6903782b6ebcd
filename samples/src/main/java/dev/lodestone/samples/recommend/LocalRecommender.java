package dev.lodestone.samples.recommend;

import java.util.LinkedHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * The recommendation job in one JVM, on plain Java threads: the baseline the grid job is measured against, and its
 * cross-check (same kernels, same order of sums, so the same doubles).
 *
 * <pre>{@code
 * RecommendResult r = LocalRecommender.run(RatingsReader.read(file, false), Params.defaults(), 2);
 * }</pre>
 *
 * <p>THREADING: {@code threads} workers, each with its own scratch ({@link NeighbourFinder}, {@link Scorer}), take
 * chunks of items (then users) from a shared counter; results go to disjoint slots of arrays read after the join.
 */
public final class LocalRecommender {

    private static final int CHUNK = 32;

    private LocalRecommender() {
    }

    /** Runs both phases on {@code threads} threads. */
    public static RecommendResult run(RatingsData data, Params params, int threads) {
        return run(data, params, threads, Progress.NONE);
    }

    /** Runs both phases on {@code threads} threads, telling {@code progress} of each chunk done. */
    public static RecommendResult run(RatingsData data, Params params, int threads, Progress progress) {
        int items = data.itemIds().length;
        int users = data.userIds().length;
        double[] norms = RatingsData.norms(items, data.userStart(), data.userItems(), data.userRatings());
        LinkedHashMap<String, Long> phases = new LinkedHashMap<>();
        Neighbours[] neighbours = new Neighbours[items];
        Recommendations[] recs = new Recommendations[users];
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "recommend-local");
            t.setDaemon(true);
            return t;
        });
        try {
            long t0 = System.nanoTime();
            progress.phase("neighbours", chunks(items));
            CompactRows rows = CompactRows.of(items, data.userStart(), data.userItems(), data.userRatings());
            inParallel(pool, threads, items, progress, w -> {
                NeighbourFinder f = new NeighbourFinder(items, params);
                if (rows != null) {
                    return i -> neighbours[i] = f.find(i, data.itemUsers(), data.itemRatings(), data.itemStart()[i],
                            data.itemStart()[i + 1], rows, norms);
                }
                return i -> neighbours[i] = f.find(i, data.itemUsers(), data.itemRatings(), data.itemStart()[i], data.itemStart()[i + 1],
                        data.userStart(), data.userItems(), data.userRatings(), norms);
            });
            long t1 = System.nanoTime();
            phases.put("neighbours", (t1 - t0) / 1_000_000);
            progress.phase("recommend", chunks(users));
            inParallel(pool, threads, users, progress, w -> {
                Scorer s = new Scorer(items, params);
                return u -> recs[u] = s.recommend(u, data.userItems(), data.userRatings(), data.userStart()[u], data.userStart()[u + 1],
                        neighbours);
            });
            phases.put("recommend", (System.nanoTime() - t1) / 1_000_000);
        } finally {
            pool.shutdownNow();
        }
        return new RecommendResult(data, neighbours, recs, phases, "local, " + threads + " threads");
    }

    private static int chunks(int count) {
        return (count + CHUNK - 1) / CHUNK;
    }

    /** Runs {@code work} for 0..count-1 on {@code threads} workers, each made its own consumer by {@code worker}. */
    private static void inParallel(ExecutorService pool, int threads, int count, Progress progress, IntFunction<IntConsumer> worker) {
        AtomicInteger next = new AtomicInteger();
        Future<?>[] done = new Future<?>[threads];
        for (int w = 0; w < threads; w++) {
            int id = w;
            done[w] = pool.submit(() -> {
                IntConsumer c = worker.apply(id);
                for (int from; (from = next.getAndAdd(CHUNK)) < count; ) {
                    for (int x = from; x < Math.min(count, from + CHUNK); x++) {
                        c.accept(x);
                    }
                    progress.step();
                }
            });
        }
        for (Future<?> f : done) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a worker failed: " + e.getCause(), e.getCause());
            }
        }
    }
}
