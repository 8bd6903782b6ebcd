package dev.lodestone.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestone.api.task.Locality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rungs of {@link LocalityLadder}, each at its exact boundary: with a wait {@code w} per rung, a
 * task is at the owner until {@code w - 1} ns, may go to backup holders from {@code w} ns, and to
 * anyone from {@code 2w} ns. The clock is a {@link ManualClock}; {@code now} is the enqueue time
 * plus the wait under test.
 */
class LocalityLadderTest {

    private static final long W = 1_000;
    private static final int PARTITION = 7;

    private final ManualClock clock = new ManualClock();
    private final LocalityLadder ladder = new LocalityLadder(W);

    private Placed queuedNow(Locality locality) {
        return Placed.of("t", clock.nanoTime()).on(PARTITION, locality);
    }

    private Relation loosestAfter(LocalityLadder l, Placed task, long waitedNanos) {
        return l.loosest(task, task.enqueuedNanos() + waitedNanos);
    }

    @ParameterizedTest(name = "{0} task after {1} ns: {2}")
    @CsvSource({
        "OWNER,  0,       OWNER",
        "OWNER,  999,     OWNER",
        "OWNER,  1000,    OWNER",
        "OWNER,  1999,    OWNER",
        "OWNER,  2000,    OWNER",
        "OWNER,  1000000, OWNER",
        "BACKUP, 0,       OWNER",
        "BACKUP, 999,     OWNER",
        "BACKUP, 1000,    BACKUP",
        "BACKUP, 1999,    BACKUP",
        "BACKUP, 2000,    BACKUP",
        "BACKUP, 1000000, BACKUP",
        "ANY,    0,       OWNER",
        "ANY,    999,     OWNER",
        "ANY,    1000,    BACKUP",
        "ANY,    1999,    BACKUP",
        "ANY,    2000,    OTHER",
        "ANY,    1000000, OTHER",
    })
    void eachRungOpensAtExactlyItsWait(Locality locality, long waitedNanos, Relation expected) {
        assertThat(loosestAfter(ladder, queuedNow(locality), waitedNanos)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "waited {0} ns, thief is {1}: {2}")
    @CsvSource({
        "0,    OWNER,  true",
        "0,    BACKUP, false",
        "0,    OTHER,  false",
        "1000, OWNER,  true",
        "1000, BACKUP, true",
        "1000, OTHER,  false",
        "2000, OWNER,  true",
        "2000, BACKUP, true",
        "2000, OTHER,  true",
    })
    void allowsEveryRelationUpToTheLoosestRung(long waitedNanos, Relation thief, boolean allowed) {
        Placed any = queuedNow(Locality.ANY);
        assertThat(ladder.allows(any, thief, any.enqueuedNanos() + waitedNanos)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @EnumSource(Locality.class)
    void aTaskWithoutAffinityMayRunAnywhereAtOnce(Locality locality) {
        Placed free = Placed.of("free", clock.nanoTime()).on(-1, locality);
        assertThat(ladder.loosest(free, free.enqueuedNanos())).isEqualTo(Relation.OTHER);
        assertThat(ladder.allows(free, Relation.OTHER, free.enqueuedNanos())).isTrue();
        Placed untimed = Placed.of("untimed", Schedulable.UNTIMED).on(-1, locality);
        assertThat(ladder.loosest(untimed, clock.nanoTime())).isEqualTo(Relation.OTHER);
        assertThat(LocalityLadder.loose(free)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Locality.class)
    void aTaskThatIsNotMovableNeverLeavesWhateverItsLocalityOrWait(Locality locality) {
        Placed affine = queuedNow(locality).pinned();
        Placed free = Placed.of("free", clock.nanoTime()).on(-1, locality).pinned();
        for (long waited : new long[] {0, W, 2 * W, 1_000_000 * W}) {
            assertThat(loosestAfter(ladder, affine, waited)).isEqualTo(Relation.OWNER);
            assertThat(loosestAfter(ladder, free, waited)).isEqualTo(Relation.OWNER);
            assertThat(loosestAfter(new LocalityLadder(0), free, waited)).isEqualTo(Relation.OWNER);
        }
        assertThat(ladder.allows(free, Relation.OTHER, free.enqueuedNanos() + 1_000_000 * W)).isFalse();
        assertThat(ladder.allows(affine, Relation.BACKUP, affine.enqueuedNanos() + 1_000_000 * W)).isFalse();
        assertThat(LocalityLadder.loose(affine)).isFalse();
        assertThat(LocalityLadder.loose(free)).isFalse();
    }

    @ParameterizedTest(name = "{0} task with w = 0: {1}")
    @CsvSource({"OWNER, OWNER", "BACKUP, BACKUP", "ANY, OTHER"})
    void withZeroWaitTheLadderIsFlat(Locality locality, Relation expected) {
        LocalityLadder flat = new LocalityLadder(0);
        assertThat(loosestAfter(flat, queuedNow(locality), 0)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Locality.class)
    void anUntimedAffineTaskNeverLeavesTheOwnerRung(Locality locality) {
        Placed untimed = Placed.of("untimed", Schedulable.UNTIMED).on(PARTITION, locality);
        for (long now : new long[] {clock.nanoTime(), clock.nanoTime() + 2 * W, Long.MAX_VALUE, Long.MIN_VALUE + 2 * W, -1}) {
            assertThat(ladder.loosest(untimed, now)).as("at %d", now).isEqualTo(Relation.OWNER);
        }
    }

    @Test
    void theWaitIsCountedAcrossAClockThatWrapsPastLongMaxValue() {
        ManualClock wrapping = new ManualClock(Long.MAX_VALUE - 10);
        Placed any = Placed.of("any", wrapping.nanoTime()).on(PARTITION, Locality.ANY);
        assertThat(ladder.loosest(any, wrapping.advanceNanos(W - 1).nanoTime())).isEqualTo(Relation.OWNER);
        assertThat(ladder.loosest(any, wrapping.advanceNanos(1).nanoTime())).isEqualTo(Relation.BACKUP);
        assertThat(wrapping.nanoTime()).isNegative();
        assertThat(ladder.loosest(any, wrapping.advanceNanos(W - 1).nanoTime())).isEqualTo(Relation.BACKUP);
        assertThat(ladder.loosest(any, wrapping.advanceNanos(1).nanoTime())).isEqualTo(Relation.OTHER);
    }

    @Test
    void aReadingBeforeTheEnqueueTimeCountsAsNoWait() {
        Placed any = Placed.of("any", clock.nanoTime()).on(PARTITION, Locality.ANY);
        assertThat(ladder.loosest(any, any.enqueuedNanos() - 1)).isEqualTo(Relation.OWNER);
        assertThat(new LocalityLadder(0).loosest(any, any.enqueuedNanos() - 1)).isEqualTo(Relation.OWNER);
    }

    @Test
    void aWaitSoLongThatTwiceItOverflowsNeverOpensTheLastRung() {
        LocalityLadder huge = new LocalityLadder(Long.MAX_VALUE / 2 + 1);
        Placed any = Placed.of("any", 0).on(PARTITION, Locality.ANY);
        assertThat(huge.loosest(any, Long.MAX_VALUE / 2)).isEqualTo(Relation.OWNER);
        assertThat(huge.loosest(any, Long.MAX_VALUE / 2 + 1)).isEqualTo(Relation.BACKUP);
        assertThat(huge.loosest(any, Long.MAX_VALUE)).isEqualTo(Relation.BACKUP);
    }

    @ParameterizedTest(name = "partition {0}, {1}, movable {2}: loose {3}")
    @CsvSource({
        "7,  OWNER,  true,  false",
        "7,  BACKUP, true,  true",
        "7,  ANY,    true,  true",
        "-1, OWNER,  true,  true",
        "-1, ANY,    true,  true",
        "7,  ANY,    false, false",
        "-1, OWNER,  false, false",
    })
    void looseIsWhetherATaskCouldEverLeave(int partition, Locality locality, boolean movable, boolean loose) {
        Placed t = Placed.of("t", clock.nanoTime()).on(partition, locality);
        assertThat(LocalityLadder.loose(movable ? t : t.pinned())).isEqualTo(loose);
    }

    @ParameterizedTest(name = "{0} within {1}: {2}")
    @CsvSource({
        "OWNER,  OWNER,  true",
        "OWNER,  BACKUP, true",
        "OWNER,  OTHER,  true",
        "BACKUP, OWNER,  false",
        "BACKUP, BACKUP, true",
        "BACKUP, OTHER,  true",
        "OTHER,  OWNER,  false",
        "OTHER,  BACKUP, false",
        "OTHER,  OTHER,  true",
    })
    void relationWithinOrdersOwnerBackupOther(Relation relation, Relation loosest, boolean within) {
        assertThat(relation.within(loosest)).isEqualTo(within);
    }

    @Test
    void theWaitIsValidatedAndConvertedFromMillis() {
        assertThatThrownBy(() -> new LocalityLadder(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1 ns");
        assertThat(LocalityLadder.ofMillis(20).waitNanos()).isEqualTo(20_000_000L);
        assertThat(LocalityLadder.ofMillis(0).waitNanos()).isZero();
        assertThatThrownBy(() -> LocalityLadder.ofMillis(Long.MAX_VALUE / 1_000)).isInstanceOf(ArithmeticException.class);
    }
}
