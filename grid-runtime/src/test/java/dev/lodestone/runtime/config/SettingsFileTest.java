package dev.lodestone.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFileTest {

    private static final List<String> KEYS = List.of("alpha", "beta.gamma", "url");

    @TempDir
    Path dir;

    @Test
    void keepsTheLineOfEveryKeyInFileOrder() {
        SettingsFile file = SettingsFile.parse("test.properties",
                List.of("# header", "", "beta.gamma = 2", "  alpha=one two  ", "url = http://host/?a=b"), KEYS);

        assertThat(file.source()).isEqualTo("test.properties");
        assertThat(file.entries()).containsExactly(
                new SettingsFile.Entry("beta.gamma", "2", 3),
                new SettingsFile.Entry("alpha", "one two", 4),
                new SettingsFile.Entry("url", "http://host/?a=b", 5));
    }

    @Test
    void emptyValueIsKept() {
        assertThat(SettingsFile.parse("t", List.of("alpha ="), KEYS).entries())
                .containsExactly(new SettingsFile.Entry("alpha", "", 1));
    }

    @Test
    void byteOrderMarkIsNotPartOfTheFirstKey() throws IOException {
        Path path = dir.resolve("bom.properties");
        Files.write(path, "\uFEFFalpha = 1\n".getBytes(StandardCharsets.UTF_8));

        assertThat(SettingsFile.read(path, KEYS).entries()).containsExactly(new SettingsFile.Entry("alpha", "1", 1));
    }

    @Test
    void lineWithoutAKeyIsAnError() {
        assertThatThrownBy(() -> SettingsFile.parse("t", List.of("", " = 3"), KEYS))
                .isInstanceOf(ConfigException.class)
                .hasMessage("t:2: no key before '=' in '= 3'");
    }

    @Test
    void fileThatIsNotUtf8IsAConfigError() throws IOException {
        Path path = dir.resolve("latin1.properties");
        Files.write(path, new byte[] {'a', 'l', 'p', 'h', 'a', '=', (byte) 0xE9});

        assertThatThrownBy(() -> SettingsFile.read(path, KEYS))
                .isInstanceOf(ConfigException.class)
                .hasMessage(path + ": not UTF-8 text");
    }

    @Test
    void keysAreCaseSensitiveButTheSuggestionIgnoresCase() {
        assertThatThrownBy(() -> SettingsFile.parse("t", List.of("ALPHA = 1"), KEYS))
                .isInstanceOf(ConfigException.class)
                .hasMessage("t:1: ALPHA = 1: unknown key; did you mean 'alpha'?");
    }

    @Test
    void editDistance() {
        assertThat(SettingsFile.editDistance("", "")).isZero();
        assertThat(SettingsFile.editDistance("abc", "")).isEqualTo(3);
        assertThat(SettingsFile.editDistance("", "abc")).isEqualTo(3);
        assertThat(SettingsFile.editDistance("worker.thread", "worker.threads")).isEqualTo(1);
        assertThat(SettingsFile.editDistance("queue.capcity", "queue.capacity")).isEqualTo(1);
        assertThat(SettingsFile.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(SettingsFile.editDistance("flaw", "lawn")).isEqualTo(2);
    }

    @Test
    void suggestionOnlyWhenCloseEnoughToBeATypo() {
        assertThat(SettingsFile.unknownKeyProblem("beta.gama", KEYS)).isEqualTo("unknown key; did you mean 'beta.gamma'?");
        assertThat(SettingsFile.unknownKeyProblem("zzzzzzzz", KEYS)).isEqualTo("unknown key; known keys: alpha, beta.gamma, url");
    }
}
