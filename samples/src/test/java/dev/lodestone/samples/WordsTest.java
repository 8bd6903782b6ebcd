package dev.lodestone.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestone.samples.wordcount.Words;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WordsTest {

    @Test
    void splitsOnPunctuationAndFoldsCase() {
        Map<String, Long> counts = new HashMap<>();
        Words.count("To be, or not to be: that's the QUESTION -- 42 times.", counts);
        assertThat(counts).containsEntry("to", 2L).containsEntry("be", 2L).containsEntry("that's", 1L)
                .containsEntry("question", 1L).containsEntry("42", 1L).doesNotContainKey("").hasSize(9);
    }

    @Test
    void blankLinesCountNothing() {
        Map<String, Long> counts = new HashMap<>();
        Words.count("   ", counts);
        Words.count("", counts);
        assertThat(counts).isEmpty();
    }
}
