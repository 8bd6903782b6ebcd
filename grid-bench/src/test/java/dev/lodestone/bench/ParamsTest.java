package dev.lodestone.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParamsTest {

    private static final List<Option> OPTIONS = List.of(
            Option.flag("quick", "tiny counts"),
            Option.file("json", "write JSON here"),
            Option.integer("backlog", 200_000, 2_000, 1, 10_000_000, "LOW tasks"),
            Option.decimal("rate", 50, 5, 0.1, 1_000, "HIGH tasks per second"),
            Option.optionalInteger("aging-ms", 0, 3_600_000, "aging step"),
            Option.size("member-heap", "member heap"));

    private static Params parse(String... args) {
        return Params.parse("priority", OPTIONS, args);
    }

    @Test
    void optionsNotGivenTakeTheirDefaults() {
        Params p = parse();
        assertThat(p.quick()).isFalse();
        assertThat(p.integer("backlog")).isEqualTo(200_000);
        assertThat(p.decimal("rate")).isEqualTo(50.0);
        assertThat(p.has("aging-ms")).isFalse();
        assertThat(p.text("json")).isNull();
        assertThat(p.all()).containsOnlyKeys("backlog", "rate");
    }

    @Test
    void aNumberOfSecondsReadsAsADuration() {
        assertThat(parse("--rate", "0.25").seconds("rate")).isEqualTo(java.time.Duration.ofMillis(250));
    }

    @Test
    void quickPicksTheQuickDefaultsButAGivenValueStillWins() {
        Params p = parse("--quick", "--rate", "20");
        assertThat(p.quick()).isTrue();
        assertThat(p.integer("backlog")).isEqualTo(2_000);
        assertThat(p.decimal("rate")).isEqualTo(20.0);
    }

    @Test
    void valuesMayFollowTheOptionOrAnEqualsSign() {
        Params p = parse("--backlog=500", "--json", "/tmp/x.json", "--aging-ms=0", "--member-heap", "2g");
        assertThat(p.integer("backlog")).isEqualTo(500);
        assertThat(p.text("json")).isEqualTo("/tmp/x.json");
        assertThat(p.integer("aging-ms")).isZero();
        assertThat(p.text("member-heap")).isEqualTo("2g");
    }

    @Test
    void typedValuesForTheReportAreNumbersAndBooleans() {
        assertThat(parse("--quick", "--rate", "2.5").typed()).containsEntry("quick", true).containsEntry("backlog", 2_000L)
                .containsEntry("rate", 2.5);
    }

    @Test
    void anUnknownOptionIsNamedWithTheScenarioAndItsOptions() {
        assertThatThrownBy(() -> parse("--backlg", "5")).isInstanceOf(UsageException.class)
                .hasMessage("unknown option --backlg for scenario priority; its options are: --quick, --json, --backlog, --rate,"
                        + " --aging-ms, --member-heap");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--backlog|abc|option --backlog: 'abc' is not a whole number (1..10000000)",
        "--backlog|0|option --backlog: 0 is outside 1..10000000",
        "--backlog|2.5|option --backlog: '2.5' is not a whole number (1..10000000)",
        "--rate|fast|option --rate: 'fast' is not a number (0.1..1000)",
        "--rate|0|option --rate: 0 is outside 0.1..1000",
        "--rate|NaN|option --rate: NaN is outside 0.1..1000",
        "--member-heap|lots|option --member-heap: 'lots' is not a memory size such as 512m or 2g",
    })
    void aBadValueIsRefusedNamingTheOptionTheValueAndWhatItTakes(String option, String value, String message) {
        assertThatThrownBy(() -> parse(option, value)).isInstanceOf(UsageException.class).hasMessage(message);
    }

    @Test
    void aMissingValueIsNamed() {
        assertThatThrownBy(() -> parse("--backlog")).isInstanceOf(UsageException.class)
                .hasMessage("option --backlog needs a value (a whole number, 1..10000000)");
        assertThatThrownBy(() -> parse("--backlog", "--quick")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("option --backlog needs a value");
    }

    @Test
    void aSwitchTakesNoValue() {
        assertThatThrownBy(() -> parse("--quick=yes")).isInstanceOf(UsageException.class)
                .hasMessage("option --quick takes no value, got 'yes'");
    }

    @Test
    void anOptionGivenTwiceIsRefused() {
        assertThatThrownBy(() -> parse("--rate", "1", "--rate=2")).isInstanceOf(UsageException.class)
                .hasMessage("option --rate is given twice");
    }

    @Test
    void aWordThatIsNotAnOptionIsRefused() {
        assertThatThrownBy(() -> parse("fast")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("unexpected argument 'fast'");
    }

    @Test
    void everyScenarioDeclaresItsOptionsOnceWithValidDefaultsAndRunsWithNone() {
        for (Scenario s : BenchMain.SCENARIOS) {
            List<Option> all = BenchMain.options(s);
            Set<String> names = new HashSet<>();
            List<String> twice = new ArrayList<>();
            all.forEach(o -> {
                if (!names.add(o.name())) {
                    twice.add(o.name());
                }
            });
            assertThat(twice).as("options declared twice by %s", s.name()).isEmpty();
            // defaults and quick defaults are checked against their own ranges when declared; both parse
            assertThat(Params.parse(s.name(), all, new String[0]).integer(BenchMain.ROUNDS)).isEqualTo(3);
            assertThat(Params.parse(s.name(), all, new String[] {"--quick"}).integer(BenchMain.ROUNDS)).isEqualTo(2);
            assertThat(s.requiredMetrics()).as("metrics of %s", s.name()).isNotEmpty();
        }
    }

    @Test
    void aDeclaredDefaultOutsideItsRangeIsTheBenchmarksBug() {
        assertThatThrownBy(() -> Option.integer("rounds", 0, 1, 1, 10, "rounds")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--rounds");
    }
}
