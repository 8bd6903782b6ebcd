package dev.lodestone.microbench;

import dev.lodestone.api.task.Locality;
import dev.lodestone.scheduler.AgingPolicy;
import dev.lodestone.scheduler.InMemoryBackend;
import dev.lodestone.scheduler.LocalityLadder;
import dev.lodestone.scheduler.MemberScheduler;
import dev.lodestone.scheduler.Relation;
import dev.lodestone.scheduler.TaskQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The scheduler's locality decision on member {@code m1} of three ({@link InMemoryBackend}, 271
 * partitions, one backup; {@code m2} holds the backup of every partition {@code m1} owns, {@code m3}
 * none of them), with the ladder's default wait of 20 ms and a fixed clock:
 * <ul>
 *   <li>{@code decision}: may the idle member {@code m2} run this queued task now? The question
 *       {@link MemberScheduler#takeFor} asks of each task it looks at (the same calls, in the same order;
 *       its predicate is private), over tasks whose locality and time waited vary;</li>
 *   <li>{@code takeForNothing}: a steal request from {@code m3} to a queue of {@value #QUEUED} tasks none of
 *       which it may run: it looks at every one under the member's lock and takes none;</li>
 *   <li>{@code takeForSixteen}: a steal request from {@code m2} that takes 16 tasks, which are then
 *       offered back (so the queue stays as it was); the figure includes that offerAll of 16.</li>
 * </ul>
 * Against the Hazelcast backend of a real member, the backend's part is {@code PlacementBenchmark.memberRelation}.
 *
 * <pre>{@code
 * java -jar grid-microbench/target/microbench.jar LocalityBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LocalityBenchmark {

    /** Tasks queued at the member. */
    static final int QUEUED = 1024;
    private static final int PARTITIONS = 271;
    private static final long NOW = 1_000_000_000_000L;
    private static final String BACKUP_HOLDER = "m2";
    private static final String STRANGER = "m3";

    private final InMemoryBackend backend = InMemoryBackend.spread(List.of("m1", BACKUP_HOLDER, STRANGER), PARTITIONS, 1);
    private final LocalityLadder ladder = LocalityLadder.ofMillis(20);
    private final List<BenchTask> taken = new ArrayList<>(16);
    private BenchTask[] mixed;
    private MemberScheduler<BenchTask> mixedQueue;
    private MemberScheduler<BenchTask> noneForStranger;
    private long nextSequence;
    private int next;

    /** Queues the tasks: partitions {@code m1} owns; locality and time waited at random. */
    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(11);
        long wait = ladder.waitNanos();
        mixed = new BenchTask[QUEUED];
        mixedQueue = scheduler();
        noneForStranger = scheduler();
        for (int i = 0; i < QUEUED; i++) {
            int partition = 3 * random.nextInt(PARTITIONS / 3 + 1); // owned by m1, backed up on m2
            int level = BenchTask.randomLevel(random);
            long submitter = random.nextInt(8);
            // 40% must stay on the owner, 40% may go to a backup holder, 20% anywhere; waited 0 to 3 rungs.
            int l = random.nextInt(10);
            Locality locality = l < 4 ? Locality.OWNER : l < 8 ? Locality.BACKUP : Locality.ANY;
            mixed[i] = new BenchTask(level, submitter, i + 1L, partition, locality, NOW - random.nextLong(3 * wait));
            mixedQueue.offer(mixed[i]);
            // For the stranger: tasks that may at most go to a backup holder, so m3 may take none of them.
            Locality strict = locality == Locality.ANY ? Locality.BACKUP : locality;
            noneForStranger.offer(new BenchTask(level, submitter, i + 1L, partition, strict, mixed[i].enqueuedNanos()));
        }
        nextSequence = QUEUED + 1L;
    }

    private MemberScheduler<BenchTask> scheduler() {
        return new MemberScheduler<>(TaskQueue.forPriorities(1 << 16, () -> NOW, AgingPolicy.strict()), backend, ladder);
    }

    /** One task's question: may {@code m2} run it now? As {@link MemberScheduler#takeFor} asks it. */
    @Benchmark
    public boolean decision() {
        BenchTask t = mixed[next++ & (QUEUED - 1)];
        if (!LocalityLadder.loose(t)) {
            return false;
        }
        Relation loosest = ladder.loosest(t, NOW);
        return loosest == Relation.OTHER
                || t.partition() >= 0 && backend.relation(BACKUP_HOLDER, t.partition()).within(loosest);
    }

    /** A steal request that looks at all {@value #QUEUED} tasks and may take none. */
    @Benchmark
    public int takeForNothing() {
        taken.clear();
        return noneForStranger.takeFor(STRANGER, 16, taken);
    }

    /** A steal request that takes 16 tasks; they are offered back, behind the rest, with fresh sequences. */
    @Benchmark
    public int takeForSixteen() {
        taken.clear();
        int n = mixedQueue.takeFor(BACKUP_HOLDER, 16, taken);
        for (int i = 0; i < n; i++) {
            taken.get(i).resequence(nextSequence++);
        }
        mixedQueue.offerAll(taken);
        return n;
    }
}
