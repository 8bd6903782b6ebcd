package dev.lodestone.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertiesEditTest {

    private static final String CONF = """
            # Lodestone's member settings
            worker.threads = 0

            # Work stealing. Default: true.
            steal.enabled = true
            """;

    @Test
    void replacesAKeysLineInPlaceSoTheKeyIsNeverGivenTwice() {
        String out = PropertiesEdit.set(CONF, Map.of("steal.enabled", "false"));
        assertThat(out).isEqualTo(CONF.replace("steal.enabled = true", "steal.enabled = false"));
    }

    @Test
    void appendsKeysTheFileDoesNotHaveAndKeepsEverythingElse() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("worker.threads", "1");
        settings.put("aging.step.ms", "0");
        String out = PropertiesEdit.set(CONF, settings);
        assertThat(out).startsWith("# Lodestone's member settings\nworker.threads = 1\n\n# Work stealing. Default: true.\n"
                + "steal.enabled = true\n");
        assertThat(out).endsWith("aging.step.ms = 0\n");
        assertThat(out.lines().filter(l -> l.startsWith("worker.threads"))).hasSize(1);
    }

    @Test
    void aCommentThatMentionsAKeyIsLeftAlone() {
        String out = PropertiesEdit.set("# steal.enabled = true is the default\n", Map.of("steal.enabled", "false"));
        assertThat(out).isEqualTo("# steal.enabled = true is the default\n\n# set by bin/grid bench\nsteal.enabled = false\n");
    }

    @Test
    void aFileWithoutAFinalNewlineGetsOne() {
        assertThat(PropertiesEdit.set("a = 1", Map.of("a", "2"))).isEqualTo("a = 2\n");
    }
}
