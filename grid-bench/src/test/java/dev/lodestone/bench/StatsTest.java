package dev.lodestone.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void oddCountTakesTheMiddleValueWhateverTheOrder() {
        Stats s = Stats.of(List.of(3.0, 1.0, 2.0));
        assertThat(s).isEqualTo(new Stats(2.0, 1.0, 3.0, 3));
    }

    @Test
    void evenCountTakesTheMeanOfTheTwoMiddleValues() {
        Stats s = Stats.of(List.of(4.0, 1.0, 3.0, 2.0));
        assertThat(s.median()).isEqualTo(2.5);
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.max()).isEqualTo(4.0);
        assertThat(s.rounds()).isEqualTo(4);
    }

    @Test
    void oneRoundIsItsOwnMedianMinAndMax() {
        assertThat(Stats.of(List.of(7.5))).isEqualTo(new Stats(7.5, 7.5, 7.5, 1));
    }

    @Test
    void aRoundThatCouldNotMeasureMakesTheFigureUnknownRatherThanAMedianOfTheOthers() {
        Stats s = Stats.of(Arrays.asList(1.0, Double.NaN, 3.0));
        assertThat(s.median()).isNaN();
        assertThat(s.min()).isNaN();
        assertThat(s.max()).isNaN();
        assertThat(s.rounds()).isEqualTo(3);
    }

    @Test
    void noRoundsIsRefused() {
        assertThatThrownBy(() -> Stats.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
