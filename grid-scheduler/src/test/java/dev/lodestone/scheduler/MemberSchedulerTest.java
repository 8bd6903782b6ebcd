package dev.lodestone.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestone.api.task.Locality;
import dev.lodestone.api.task.Priority;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three members in one JVM, each a {@link MemberScheduler} over its own {@link TaskQueue}, sharing
 * one {@link ManualClock} and one {@link InMemoryBackend} table seen from each member. Partition
 * {@code p} is owned by {@code NAMES[p % 3]} and backed up on {@code NAMES[(p + 1) % 3]}: partition
 * 0 is owned by m1, backed up on m2, and m3 holds none of it.
 *
 * <p>The queues do not age ({@link AgingPolicy#strict()}), so "highest priority first" means highest
 * level first, whatever the clock says.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MemberSchedulerTest {

    private static final long W = 1_000;
    private static final List<String> NAMES = List.of("m1", "m2", "m3");
    private static final int PARTITIONS = 6;
    private static final int P0 = 0;

    private final ManualClock clock = new ManualClock();
    private final InMemoryBackend table = InMemoryBackend.spread(NAMES, PARTITIONS, 1);
    private final Map<String, MemberScheduler<Placed>> members = new LinkedHashMap<>();
    private long sequence;

    MemberSchedulerTest() {
        for (String name : NAMES) {
            members.put(name, scheduler(name, 10_000));
        }
    }

    private MemberScheduler<Placed> scheduler(String name, int capacity) {
        return new MemberScheduler<>(TaskQueue.forPriorities(capacity, clock, AgingPolicy.strict()), table.as(name),
                new LocalityLadder(W));
    }

    private MemberScheduler<Placed> m(String name) {
        return members.get(name);
    }

    /** A movable task at NORMAL of submitter 1, stamped now. */
    private Placed task(String name, int partition, Locality locality) {
        return Placed.of(name, clock.nanoTime()).on(partition, locality).by(1, ++sequence);
    }

    private List<Placed> takeFor(String victim, String thief, int max) {
        List<Placed> out = new ArrayList<>();
        int n = m(victim).takeFor(thief, max, out);
        assertThat(n).isEqualTo(out.size());
        return out;
    }

    // ---- the ladder, step by step ----

    @Test
    void aBackupHolderGetsABackupTaskOnlyAfterTheWait() {
        Placed t = task("t", P0, Locality.BACKUP);
        m("m1").offer(t);

        clock.advanceNanos(W - 1);
        assertThat(takeFor("m1", "m2", 10)).isEmpty();
        assertThat(takeFor("m1", "m3", 10)).isEmpty();

        clock.advanceNanos(1);
        assertThat(takeFor("m1", "m3", 10)).as("m3 holds no copy of partition 0").isEmpty();
        assertThat(takeFor("m1", "m2", 10)).containsExactly(t);
        assertThat(m("m1").size()).isZero();
        assertThat(m("m1").loose()).isZero();
    }

    @Test
    void aBackupTaskNeverGoesToAMemberWithoutACopyHoweverLongItWaits() {
        m("m1").offer(task("t", P0, Locality.BACKUP));
        clock.advanceNanos(1_000_000 * W);
        assertThat(takeFor("m1", "m3", 10)).isEmpty();
        assertThat(m("m1").loose()).isEqualTo(1);
    }

    @Test
    void aMemberWithoutACopyGetsAnAnyTaskOnlyAfterTwiceTheWaitAndABackupHolderBeforeIt() {
        Placed first = task("first", P0, Locality.ANY);
        Placed second = task("second", P0, Locality.ANY);
        m("m1").offerAll(List.of(first, second));

        clock.advanceNanos(W - 1);
        assertThat(takeFor("m1", "m2", 1)).isEmpty();
        clock.advanceNanos(1);
        assertThat(takeFor("m1", "m3", 10)).isEmpty();
        assertThat(takeFor("m1", "m2", 1)).as("the backup holder, a wait before anyone").containsExactly(first);

        clock.advanceNanos(W - 1);
        assertThat(takeFor("m1", "m3", 10)).isEmpty();
        clock.advanceNanos(1);
        assertThat(takeFor("m1", "m3", 10)).containsExactly(second);
    }

    @Test
    void ownerTasksAndTasksThatMayNotMoveAreNeverTaken() {
        Placed owner = task("owner", P0, Locality.OWNER);
        Placed pinned = task("pinned", P0, Locality.ANY).pinned();
        Placed pinnedFree = task("pinnedFree", -1, Locality.ANY).pinned();
        m("m1").offerAll(List.of(owner, pinned, pinnedFree));
        assertThat(m("m1").loose()).isZero();

        clock.advanceNanos(1_000_000 * W);
        for (String thief : List.of("m2", "m3")) {
            assertThat(takeFor("m1", thief, 10)).isEmpty();
        }
        assertThat(m("m1").size()).isEqualTo(3);
        List<Placed> polled = new ArrayList<>();
        m("m1").drainTo(polled, 10);
        assertThat(polled).containsExactlyInAnyOrder(owner, pinned, pinnedFree);
    }

    @Test
    void aTaskWithoutAffinityGoesToAnyMemberAtOnce() {
        Placed free = task("free", -1, Locality.OWNER);
        m("m1").offer(free);
        assertThat(takeFor("m1", "m3", 10)).containsExactly(free);
    }

    @Test
    void theHighestPriorityEligibleTasksAreTakenFirst() {
        List<Placed> tasks = new ArrayList<>();
        int[] levels = {Priority.LOW.ordinal(), Priority.CRITICAL.ordinal(), Priority.BACKGROUND.ordinal(),
            Priority.HIGH.ordinal(), Priority.NORMAL.ordinal()};
        for (int level : levels) {
            tasks.add(task("free-L" + level, -1, Locality.ANY).level(level).by(level, ++sequence));
        }
        Placed ownerOnly = task("owner-critical", P0, Locality.OWNER).level(Priority.CRITICAL.ordinal()).by(9, ++sequence);
        Placed backupCritical = task("backup-critical", P0, Locality.BACKUP).level(Priority.CRITICAL.ordinal()).by(8, ++sequence);
        tasks.add(ownerOnly);
        tasks.add(backupCritical);
        m("m1").offerAll(tasks);

        assertThat(takeFor("m1", "m3", 2)).extracting(Placed::name).containsExactly("free-L4", "free-L3");
        assertThat(takeFor("m1", "m3", 1)).extracting(Placed::name).containsExactly("free-L2");
        clock.advanceNanos(W);
        assertThat(takeFor("m1", "m2", 2)).extracting(Placed::name).containsExactly("backup-critical", "free-L1");
        assertThat(takeFor("m1", "m2", 10)).extracting(Placed::name).containsExactly("free-L0");
        assertThat(m("m1").poll()).isEqualTo(ownerOnly);
    }

    @Test
    void takeForHonoursMaxAndTakesNothingForZero() {
        for (int i = 0; i < 5; i++) {
            m("m1").offer(task("free" + i, -1, Locality.ANY));
        }
        assertThat(takeFor("m1", "m2", 0)).isEmpty();
        assertThat(takeFor("m1", "m2", -1)).isEmpty();
        assertThat(takeFor("m1", "m2", 3)).hasSize(3);
        assertThat(m("m1").loose()).isEqualTo(2);
        assertThat(takeFor("m1", "m3", 3)).hasSize(2);
        assertThat(m("m1").loose()).isZero();
        assertThat(takeFor("m1", "m3", 3)).isEmpty();
    }

    @Test
    void movingAPartitionChangesWhoMayTakeItsTasks() {
        Placed b = task("b", P0, Locality.BACKUP);
        Placed owned = task("owned", P0, Locality.OWNER);
        m("m1").offerAll(List.of(b, owned));
        clock.advanceNanos(W);
        assertThat(takeFor("m1", "m3", 10)).isEmpty();

        table.assign(P0, "m1", "m3");
        assertThat(takeFor("m1", "m2", 10)).as("m2 no longer holds a copy").isEmpty();
        assertThat(takeFor("m1", "m3", 10)).containsExactly(b);

        Placed fresh = task("fresh", P0, Locality.BACKUP);
        m("m1").offer(fresh);
        assertThat(takeFor("m1", "m3", 10)).as("a backup holder waits").isEmpty();
        table.assign(P0, "m3", "m2");
        assertThat(takeFor("m1", "m3", 10)).as("the new owner need not wait").containsExactly(fresh);
        assertThat(takeFor("m1", "m3", 10)).as("an OWNER task is not stolen, even by the new owner").isEmpty();
        assertThat(m("m1").poll()).isEqualTo(owned);
    }

    // ---- exactly once and the loose count ----

    @Test
    void pollRemoveAndTakeForNeverHandOutOneTaskTwice() {
        Placed a = task("a", -1, Locality.ANY);
        Placed b = task("b", -1, Locality.ANY);
        Placed c = task("c", -1, Locality.ANY);
        m("m1").offerAll(List.of(a, b, c));

        Placed polled = m("m1").poll();
        assertThat(polled).isEqualTo(a);
        List<Placed> taken = takeFor("m1", "m2", 10);
        assertThat(taken).containsExactly(b, c);
        assertThat(m("m1").remove(a)).as("already polled").isFalse();
        assertThat(m("m1").remove(b)).as("already taken").isFalse();
        assertThat(m("m1").loose()).isZero();
        assertThat(m("m1").poll()).isNull();
        assertThat(takeFor("m1", "m3", 10)).isEmpty();
    }

    @Test
    void theLooseCountFollowsEveryOperation() {
        MemberScheduler<Placed> s = scheduler("m1", 4);
        Placed owner = task("owner", P0, Locality.OWNER);
        Placed any = task("any", P0, Locality.ANY);
        Placed free = task("free", -1, Locality.OWNER);
        Placed pinned = task("pinned", -1, Locality.ANY).pinned();
        Placed backup = task("backup", P0, Locality.BACKUP);
        Placed extra = task("extra", -1, Locality.ANY);

        assertThat(s.offer(owner)).isTrue();
        assertThat(s.loose()).isZero();
        assertThat(s.offerAll(List.of(any, free, pinned, backup))).as("one slot short").isEqualTo(3);
        assertThat(s.loose()).as("any and free; backup was refused").isEqualTo(2);
        assertThat(s.offer(extra)).isFalse();
        assertThat(s.loose()).isEqualTo(2);

        assertThat(s.remove(backup)).as("never queued").isFalse();
        assertThat(s.loose()).isEqualTo(2);
        assertThat(s.remove(any)).isTrue();
        assertThat(s.loose()).isEqualTo(1);
        assertThat(s.remove(any)).isFalse();
        assertThat(s.loose()).isEqualTo(1);

        assertThat(s.offer(backup)).isTrue();
        assertThat(s.loose()).isEqualTo(2);
        assertThat(s.takeFor("m3", 10, new ArrayList<>())).as("free only: backup has not waited").isEqualTo(1);
        assertThat(s.loose()).isEqualTo(1);

        List<Placed> drained = new ArrayList<>();
        assertThat(s.drainTo(drained, 2)).isEqualTo(2);
        assertThat(drained).containsExactly(owner, pinned);
        assertThat(s.loose()).isEqualTo(1);
        assertThat(s.drainTo(drained, 10)).isEqualTo(1);
        assertThat(drained).containsExactly(owner, pinned, backup);
        assertThat(s.loose()).isZero();
        assertThat(s.size()).isZero();
    }

    /**
     * Random interleavings of offer, offerAll, poll, drainTo, remove, takeFor, partition moves and
     * clock steps across the three members, checked against a model: each task is in exactly one
     * place at every step, everything {@code takeFor} hands out is allowed by the ladder (computed
     * here independently) and is the highest-priority allowed work, and {@code size()} and
     * {@code loose()} equal a recount. A stolen task is queued at its thief, pinned there, as the
     * runtime does.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void everyTaskEndsUpExactlyOnceInExactlyOnePlace(long seed) {
        Random rnd = new Random(seed);
        Map<String, MemberScheduler<Placed>> ms = new LinkedHashMap<>();
        Map<String, Set<Placed>> model = new HashMap<>();
        for (String name : NAMES) {
            ms.put(name, scheduler(name, 24));
            model.put(name, new LinkedHashSet<>());
        }
        Map<String, String> fate = new HashMap<>();
        Map<Placed, String> home = new HashMap<>();
        List<Placed> created = new ArrayList<>();
        Locality[] localities = Locality.values();

        for (int step = 0; step < 3_000; step++) {
            String at = NAMES.get(rnd.nextInt(NAMES.size()));
            MemberScheduler<Placed> s = ms.get(at);
            Set<Placed> queued = model.get(at);
            int op = rnd.nextInt(100);
            if (op < 30) {
                List<Placed> batch = new ArrayList<>();
                for (int i = rnd.nextInt(op < 15 ? 1 : 6) + 1; i > 0; i--) {
                    long id = ++sequence;
                    int partition = rnd.nextInt(5) == 0 ? -1 : rnd.nextInt(PARTITIONS);
                    Placed t = new Placed("t" + id, rnd.nextInt(5), 1 + rnd.nextInt(3), id, clock.nanoTime(), partition,
                            localities[rnd.nextInt(localities.length)], rnd.nextInt(8) != 0);
                    batch.add(t);
                }
                int added = batch.size() == 1 ? (s.offer(batch.get(0)) ? 1 : 0) : s.offerAll(batch);
                assertThat(added).isEqualTo(Math.min(batch.size(), 24 - queued.size()));
                for (int i = 0; i < batch.size(); i++) {
                    created.add(batch.get(i));
                    if (i < added) {
                        queued.add(batch.get(i));
                        home.put(batch.get(i), at);
                    } else {
                        ended(fate, batch.get(i), "refused by " + at);
                    }
                }
            } else if (op < 45) {
                Placed t = s.poll();
                if (t == null) {
                    assertThat(queued).isEmpty();
                } else {
                    assertThat(queued.remove(t)).as("%s polled %s, which it did not hold", at, t).isTrue();
                    ended(fate, t, "ran on " + at);
                }
            } else if (op < 52) {
                List<Placed> out = new ArrayList<>();
                int n = s.drainTo(out, rnd.nextInt(4));
                assertThat(out).hasSize(n);
                for (Placed t : out) {
                    assertThat(queued.remove(t)).as("%s drained %s, which it did not hold", at, t).isTrue();
                    ended(fate, t, "ran on " + at);
                }
            } else if (op < 62 && !created.isEmpty()) {
                Placed t = created.get(rnd.nextInt(created.size()));
                String where = rnd.nextInt(4) == 0 ? at : home.getOrDefault(t, at);
                boolean held = model.get(where).contains(t);
                assertThat(ms.get(where).remove(t)).as("remove %s at %s", t, where).isEqualTo(held);
                if (held) {
                    model.get(where).remove(t);
                    ended(fate, t, "cancelled at " + where);
                }
            } else if (op < 85) {
                String thief = NAMES.get((NAMES.indexOf(at) + 1 + rnd.nextInt(NAMES.size() - 1)) % NAMES.size());
                int max = 1 + rnd.nextInt(5);
                long now = clock.nanoTime();
                List<Placed> out = new ArrayList<>();
                int n = s.takeFor(thief, max, out);
                assertThat(out).hasSize(n).hasSizeLessThanOrEqualTo(max);
                for (int i = 0; i < out.size(); i++) {
                    Placed t = out.get(i);
                    assertThat(queued.remove(t)).as("%s gave %s, which it did not hold", at, t).isTrue();
                    assertThat(eligible(t, thief, now)).as("%s may not take %s", thief, t).isTrue();
                    if (i > 0) {
                        assertThat(t.priorityLevel()).as("highest level first").isLessThanOrEqualTo(out.get(i - 1).priorityLevel());
                    }
                }
                int lowestTaken = out.isEmpty() ? Integer.MAX_VALUE : out.get(out.size() - 1).priorityLevel();
                for (Placed left : queued) {
                    if (eligible(left, thief, now)) {
                        assertThat(n).as("%s left %s eligible for %s while taking only %s", at, left, thief, out).isEqualTo(max);
                        assertThat(left.priorityLevel()).as("%s left behind higher work than it gave", left)
                                .isLessThanOrEqualTo(lowestTaken);
                    }
                }
                MemberScheduler<Placed> to = ms.get(thief);
                for (Placed t : out) {
                    Placed stolen = t.pinned();
                    if (to.offer(stolen)) {
                        model.get(thief).add(stolen);
                        home.put(stolen, thief);
                        created.add(stolen);
                        ended(fate, t, "stolen by " + thief);
                    } else {
                        ended(fate, t, "stolen by " + thief + ", which was full");
                    }
                }
            } else if (op < 93) {
                clock.advanceNanos(rnd.nextLong(3 * W / 2));
            } else {
                int p = rnd.nextInt(PARTITIONS);
                List<String> shuffled = new ArrayList<>(NAMES);
                Collections.shuffle(shuffled, rnd);
                table.assign(p, shuffled.get(0), shuffled.subList(1, 1 + rnd.nextInt(NAMES.size())).toArray(String[]::new));
            }
            for (String name : NAMES) {
                assertRecount(name, ms.get(name), model.get(name));
            }
        }
        for (String name : NAMES) {
            List<Placed> rest = new ArrayList<>();
            ms.get(name).drainTo(rest, Integer.MAX_VALUE);
            assertThat(rest).containsExactlyInAnyOrderElementsOf(model.get(name));
            rest.forEach(t -> ended(fate, t, "left at " + name));
            assertRecount(name, ms.get(name), Set.of());
        }
        for (Placed t : created) {
            assertThat(fate).as("what became of %s", t).containsKey(t.name() + (t.movable() ? "" : "/pinned"));
        }
        assertThat(fate).hasSize(created.size());
    }

    private static void ended(Map<String, String> fate, Placed t, String how) {
        String key = t.name() + (t.movable() ? "" : "/pinned");
        String before = fate.putIfAbsent(key, how);
        assertThat(before).as("%s %s, but it had already %s", t, how, before).isNull();
    }

    private static void assertRecount(String name, MemberScheduler<Placed> s, Set<Placed> queued) {
        assertThat(s.size()).as("size of %s", name).isEqualTo(queued.size());
        assertThat(s.loose()).as("loose of %s", name)
                .isEqualTo(queued.stream().filter(t -> t.movable() && (t.partition() < 0 || t.locality() != Locality.OWNER)).count());
    }

    /** The ladder, written out again: who may take {@code t} at {@code now}. */
    private boolean eligible(Placed t, String thief, long now) {
        if (!t.movable()) {
            return false;
        }
        if (t.partition() < 0) {
            return true;
        }
        if (t.locality() == Locality.OWNER) {
            return false;
        }
        long waited = now - t.enqueuedNanos();
        if (thief.equals(table.ownerOf(t.partition()))) {
            return true;
        }
        if (table.backupsOf(t.partition()).contains(thief)) {
            return waited >= W;
        }
        return t.locality() == Locality.ANY && waited >= 2 * W;
    }
}
