package dev.lodestone.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundsTest {

    @Test
    void warmsUpEachSideThenAlternatesAbAbAndCountsOnlyTheMeasuredRounds() throws Exception {
        List<String> order = new ArrayList<>();
        List<String> log = new ArrayList<>();
        Rounds.Results r = Rounds.alternate(1, 3, "A", round -> {
            order.add("A" + round);
            return Map.of("x", 10.0 * round);
        }, "B", round -> {
            order.add("B" + round);
            return Map.of("x", (double) round);
        }, log::add);

        assertThat(order).containsExactly("A0", "B0", "A1", "B1", "A2", "B2", "A3", "B3");
        assertThat(r.a("x")).isEqualTo(new Stats(20.0, 10.0, 30.0, 3));
        assertThat(r.b("x")).isEqualTo(new Stats(2.0, 1.0, 3.0, 3));
        assertThat(log).hasSize(8);
        assertThat(log.get(0)).startsWith("warm-up A");
        assertThat(log.get(2)).startsWith("round 1/3 A");
    }

    @Test
    void aFigureMissingFromARoundIsABugOfTheScenarioAndSaysWhichFigure() throws Exception {
        Rounds.Results r = Rounds.alternate(1, 1, "A", round -> Map.of("x", 1.0), "B", round -> Map.of("y", 1.0), s -> { });
        assertThatThrownBy(() -> r.b("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("x");
    }

    @Test
    void aCycleWarmsUpEverySideThenRunsThemInTheSameOrderEachRound() throws Exception {
        List<String> order = new ArrayList<>();
        List<Rounds.Side> sides = new ArrayList<>();
        for (String name : List.of("A", "B", "C")) {
            sides.add(new Rounds.Side(name, round -> {
                order.add(name + round);
                return Map.of("x", (double) round);
            }));
        }
        Rounds.Cycle c = Rounds.cycle(1, 2, sides, s -> { });

        assertThat(order).containsExactly("A0", "B0", "C0", "A1", "B1", "C1", "A2", "B2", "C2");
        assertThat(c.stats("C", "x")).isEqualTo(new Stats(1.5, 1.0, 2.0, 2));
        assertThatThrownBy(() -> c.stats("D", "x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("D");
    }

    @Test
    void twoSidesOfACycleMayNotShareAName() {
        Rounds.Side a = new Rounds.Side("A", round -> Map.of());
        assertThatThrownBy(() -> Rounds.cycle(1, 1, List.of(a, a), s -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void atLeastOneRound() {
        assertThatThrownBy(() -> Rounds.alternate(1, 0, "A", round -> Map.of(), "B", round -> Map.of(), s -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void severalWarmUpRoundsRunFirstAsRoundZeroAndAreNotCounted() throws Exception {
        List<String> order = new ArrayList<>();
        List<String> log = new ArrayList<>();
        Rounds.Results r = Rounds.alternate(3, 2, "A", round -> {
            order.add("A" + round);
            return Map.of("x", (double) round);
        }, "B", round -> {
            order.add("B" + round);
            return Map.of("x", (double) round);
        }, log::add);
        assertThat(order).containsExactly("A0", "B0", "A0", "B0", "A0", "B0", "A1", "B1", "A2", "B2");
        assertThat(r.a("x").rounds()).isEqualTo(2);
        assertThat(log.get(0)).startsWith("warm-up 1/3 A");
        assertThat(log.get(5)).startsWith("warm-up 3/3 B");
        assertThat(log.get(6)).startsWith("round 1/2 A");
        assertThatThrownBy(() -> Rounds.alternate(0, 1, "A", round -> Map.of(), "B", round -> Map.of(), s -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
