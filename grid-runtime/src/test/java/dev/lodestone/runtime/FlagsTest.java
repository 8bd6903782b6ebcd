package dev.lodestone.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestone.runtime.Flags.UsageException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlagsTest {

    private static final Set<String> VALUED = new LinkedHashSet<>(List.of("cluster-name", "port", "members"));
    private static final Set<String> SWITCHES = new LinkedHashSet<>(List.of("verbose", "help"));

    private static Flags parse(Map<String, String> env, String... args) {
        return Flags.parse(args, VALUED, SWITCHES, env);
    }

    private static Flags parse(String... args) {
        return parse(Map.of(), args);
    }

    @Test
    void valuesComeSeparatedOrAfterAnEqualsSign() {
        Flags f = parse("--cluster-name", "dev", "--port=5801", "--members=a:1,b:2");
        assertThat(f.get("cluster-name")).isEqualTo("dev");
        assertThat(f.get("port")).isEqualTo("5801");
        assertThat(f.get("members")).isEqualTo("a:1,b:2");
        assertThat(f.source("cluster-name")).isEqualTo("flag --cluster-name");
        assertThat(f.source("port")).isEqualTo("flag --port");
    }

    @Test
    void aValueMayContainEqualsSignsOrStartWithOneDash() {
        Flags f = parse("--cluster-name=a=b", "--members", "-x");
        assertThat(f.get("cluster-name")).isEqualTo("a=b");
        assertThat(f.get("members")).isEqualTo("-x");
    }

    @Test
    void absentFlagsAreNullOrTheFallback() {
        Flags f = parse();
        assertThat(f.get("port")).isNull();
        assertThat(f.get("port", "5701")).isEqualTo("5701");
        assertThat(f.has("verbose")).isFalse();
        assertThat(f.source("port")).isNull();
        assertThat(f.intValue("port", 1, 65_535)).isNull();
        assertThat(f.listValue("members")).isNull();
    }

    @Test
    void switchesTakeNoValue() {
        Flags f = parse("--verbose", "--port", "1");
        assertThat(f.has("verbose")).isTrue();
        assertThat(f.has("help")).isFalse();
        assertThatThrownBy(() -> parse("--verbose=yes")).isInstanceOf(UsageException.class)
                .hasMessage("flag --verbose takes no value");
    }

    @Test
    void anUnknownFlagIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> parse("--port", "1", "--prot", "2"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("unknown flag --prot;")
                .hasMessageContaining("known flags: --cluster-name, --port, --members, --verbose, --help");
        assertThatThrownBy(() -> parse("--prot=2")).isInstanceOf(UsageException.class).hasMessageStartingWith("unknown flag --prot;");
    }

    @Test
    void anArgumentThatIsNotAFlagIsRefused() {
        assertThatThrownBy(() -> parse("start")).isInstanceOf(UsageException.class).hasMessageContaining("'start'");
        assertThatThrownBy(() -> parse("-port", "1")).isInstanceOf(UsageException.class).hasMessageContaining("'-port'");
    }

    @Test
    void aMissingValueIsRefused() {
        assertThatThrownBy(() -> parse("--port")).isInstanceOf(UsageException.class).hasMessage("flag --port needs a value");
        assertThatThrownBy(() -> parse("--port", "--verbose")).isInstanceOf(UsageException.class)
                .hasMessage("flag --port needs a value");
    }

    @Test
    void anEnvironmentVariableStandsBehindEachValuedFlag() {
        assertThat(Flags.envName("cluster-name")).isEqualTo("LODESTONE_CLUSTER_NAME");
        Flags f = parse(Map.of("LODESTONE_CLUSTER_NAME", " from-env ", "LODESTONE_PORT", "   ", "LODESTONE_VERBOSE", "true"));
        assertThat(f.get("cluster-name")).isEqualTo("from-env");
        assertThat(f.source("cluster-name")).isEqualTo("env LODESTONE_CLUSTER_NAME");
        assertThat(f.get("port")).as("blank variables are ignored").isNull();
        assertThat(f.has("verbose")).as("switches have no variable").isFalse();
    }

    @Test
    void aFlagBeatsItsEnvironmentVariable() {
        Flags f = parse(Map.of("LODESTONE_CLUSTER_NAME", "from-env"), "--cluster-name", "from-flag");
        assertThat(f.get("cluster-name")).isEqualTo("from-flag");
        assertThat(f.source("cluster-name")).isEqualTo("flag --cluster-name");
    }

    @Test
    void noEnvironmentMeansFlagsOnly() {
        Flags f = Flags.parse(new String[] {"--port", "7"}, VALUED, SWITCHES, null);
        assertThat(f.get("port")).isEqualTo("7");
        assertThat(f.get("cluster-name")).isNull();
    }

    @Test
    void intValueParsesWithinItsRange() {
        assertThat(parse("--port", " 5801 ").intValue("port", 1, 65_535)).isEqualTo(5801);
        assertThat(parse("--port=1").intValue("port", 1, 65_535)).isEqualTo(1);
        assertThat(parse("--port=65535").intValue("port", 1, 65_535)).isEqualTo(65_535);
    }

    @Test
    void intValueErrorsNameTheSourceTheValueAndTheRange() {
        assertThatThrownBy(() -> parse("--port", "70000").intValue("port", 1, 65_535)).isInstanceOf(UsageException.class)
                .hasMessage("flag --port: 70000 is outside 1..65535");
        assertThatThrownBy(() -> parse("--port", "0").intValue("port", 1, 65_535)).isInstanceOf(UsageException.class)
                .hasMessage("flag --port: 0 is outside 1..65535");
        assertThatThrownBy(() -> parse("--port", "12ab").intValue("port", 1, 65_535)).isInstanceOf(UsageException.class)
                .hasMessage("flag --port: '12ab' is not an integer (1..65535)");
        assertThatThrownBy(() -> parse("--port=").intValue("port", 1, 65_535)).isInstanceOf(UsageException.class)
                .hasMessageContaining("'' is not an integer");
        assertThatThrownBy(() -> parse(Map.of("LODESTONE_PORT", "99999999999")).intValue("port", 1, 65_535))
                .isInstanceOf(UsageException.class)
                .hasMessage("env LODESTONE_PORT: '99999999999' is not an integer (1..65535)");
        assertThatThrownBy(() -> parse(Map.of("LODESTONE_PORT", "-1")).intValue("port", 0, 65_535))
                .isInstanceOf(UsageException.class)
                .hasMessage("env LODESTONE_PORT: -1 is outside 0..65535");
    }

    @Test
    void listValueSplitsOnCommasAndTrims() {
        assertThat(parse("--members", " a:1, b:2 ,,c:3 ,").listValue("members")).containsExactly("a:1", "b:2", "c:3");
        assertThat(parse(Map.of("LODESTONE_MEMBERS", "x")).listValue("members")).containsExactly("x");
    }

    @Test
    void anEmptyListIsRefusedNamingTheSource() {
        assertThatThrownBy(() -> parse("--members", " , ").listValue("members")).isInstanceOf(UsageException.class)
                .hasMessage("flag --members: the list is empty");
    }

    @Test
    void theLastOccurrenceOfAFlagWins() {
        assertThat(parse("--port", "1", "--port=2").get("port")).isEqualTo("2");
    }
}
