package dev.lodestone.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link StealPolicy}: the victim is the peer with the most loose tasks (ties: more queued, then the
 * smaller name), and the batch is {@code min(maxBatch, idle * perWorker, ceil(loose / 2))}, at least 1.
 */
class StealPolicyTest {

    private final StealPolicy policy = new StealPolicy(4, 256);

    private static PeerLoad load(long queued, long loose) {
        return new PeerLoad(queued, loose, 0);
    }

    /** The board in every insertion order: the choice must not depend on how the map iterates. */
    private static List<Map<String, PeerLoad>> everyOrder(Map<String, PeerLoad> board) {
        List<Map<String, PeerLoad>> out = new ArrayList<>();
        List<String> names = new ArrayList<>(board.keySet());
        permute(names, 0, board, out);
        return out;
    }

    private static void permute(List<String> names, int from, Map<String, PeerLoad> board, List<Map<String, PeerLoad>> out) {
        if (from == names.size()) {
            Map<String, PeerLoad> m = new LinkedHashMap<>();
            names.forEach(n -> m.put(n, board.get(n)));
            out.add(m);
            return;
        }
        for (int i = from; i < names.size(); i++) {
            Collections.swap(names, from, i);
            permute(names, from + 1, board, out);
            Collections.swap(names, from, i);
        }
    }

    private void assertVictim(Map<String, PeerLoad> board, String expected) {
        for (Map<String, PeerLoad> ordered : everyOrder(board)) {
            assertThat(policy.chooseVictim(ordered)).as("board %s", ordered).isEqualTo(expected);
        }
    }

    @Test
    void theVictimIsThePeerWithTheMostLooseTasks() {
        assertVictim(Map.of("m1", load(100, 5), "m2", load(10, 9), "m3", load(50, 7)), "m2");
    }

    @Test
    void betweenEquallyLoosePeersTheOneWithMoreQueuedWins() {
        assertVictim(Map.of("m1", load(10, 8), "m2", load(30, 8), "m3", load(20, 8), "m4", load(500, 7)), "m2");
    }

    @Test
    void betweenPeersEqualInBothTheSmallerNameWins() {
        assertVictim(Map.of("m2", load(30, 8), "m3", load(30, 8), "m10", load(30, 8), "m1", load(29, 8)), "m10");
    }

    @Test
    void peersWithNoLooseTasksAreNeverChosenHoweverDeepTheirQueue() {
        assertVictim(Map.of("deep", load(1_000_000, 0), "shallow", load(1, 1)), "shallow");
        assertVictim(Map.of("a", load(1_000_000, 0), "b", load(0, 0)), null);
    }

    @Test
    void anEmptyBoardHasNoVictim() {
        assertThat(policy.chooseVictim(Map.of())).isNull();
    }

    @ParameterizedTest(name = "idle {0}, victim loose {1}: ask {2}")
    @CsvSource({
        // idle * perWorker is the least
        "1,   100,  4",
        "2,   100,  8",
        // half the victim's loose tasks, rounded up, is the least
        "2,   16,   8",
        "2,   15,   8",
        "2,   14,   7",
        "2,   13,   7",
        "100, 3,    2",
        "100, 2,    1",
        "100, 1,    1",
        // never less than one
        "100, 0,    1",
        // maxBatch is the least
        "64,  1000, 256",
        "65,  1000, 256",
        "63,  1000, 252",
    })
    void theBatchIsTheLeastOfTheThreeBoundsAndAtLeastOne(int idle, long victimLoose, int expected) {
        assertThat(policy.batchSize(idle, victimLoose)).isEqualTo(expected);
    }

    @Test
    void theBatchBoundsDoNotOverflowForLargeArguments() {
        StealPolicy wide = new StealPolicy(Integer.MAX_VALUE, Integer.MAX_VALUE);
        assertThat(wide.batchSize(Integer.MAX_VALUE, 10)).isEqualTo(5);
        assertThat(wide.batchSize(Integer.MAX_VALUE, 4L * Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    }

    /** Regression: {@code (victimLoose + 1) / 2} overflowed to a negative half, and the ask collapsed to 1. */
    @Test
    void batchSizeCollapsedToOneWhenAVictimReportedLongMaxValueLooseTasks() {
        assertThat(policy.batchSize(2, Long.MAX_VALUE)).isEqualTo(8);
        assertThat(policy.batchSize(100, Long.MAX_VALUE)).isEqualTo(256);
        assertThat(new StealPolicy(Integer.MAX_VALUE, Integer.MAX_VALUE).batchSize(Integer.MAX_VALUE, Long.MAX_VALUE))
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(policy.batchSize(2, Long.MAX_VALUE - 1)).isEqualTo(8);
    }

    @Test
    void theDefaultsAreFourPerIdleWorkerAndAtMost256() {
        assertThat(StealPolicy.defaults()).isEqualTo(new StealPolicy(4, 256));
    }

    @Test
    void badValuesAreRefusedNamingThem() {
        assertThatThrownBy(() -> new StealPolicy(0, 10)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0 and 10");
        assertThatThrownBy(() -> new StealPolicy(4, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 4 and 0");
    }

    @Test
    void aPeerLoadNeedsZeroOrMoreLooseTasksAndNoMoreThanQueued() {
        assertThat(new PeerLoad(5, 5, 0).loose()).isEqualTo(5);
        assertThatThrownBy(() -> new PeerLoad(5, 6, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loose 6");
        assertThatThrownBy(() -> new PeerLoad(5, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PeerLoad(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
