package dev.lodestone.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestone.api.EmbeddedOptions;
import dev.lodestone.api.Grid;
import dev.lodestone.api.Lodestone;
import dev.lodestone.samples.quickstart.QuickStart;
import dev.lodestone.samples.wordcount.TextGenerator;
import dev.lodestone.samples.wordcount.WordCountJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The samples on a real embedded cluster. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SamplesIT {

    @Test
    void wordCountOnTheGridEqualsALocalCountAndUsesEveryMember(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("text.txt");
        TextGenerator.write(text, 3_000, 7);
        try (Grid grid = Lodestone.embedded(EmbeddedOptions.members(2).withPartitions(31))) {
            WordCountJob.Result r = new WordCountJob(grid).run(text);
            Map<String, Long> local = WordCountJob.countLocally(text);
            assertThat(r.counts()).isEqualTo(local);
            assertThat(r.lines()).isEqualTo(3_000);
            assertThat(r.tasks()).isEqualTo(31);
            assertThat(r.members()).hasSize(2);
            assertThat(r.members().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(31);
            assertThat(grid.unwrap(com.hazelcast.core.HazelcastInstance.class).getDistributedObjects())
                    .as("the job's map is destroyed").noneMatch(o -> o.getName().startsWith("wordcount.lines."));
        }
    }

    @Test
    void wordCountOfAnEmptyFileIsEmpty(@TempDir Path dir) throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.txt"));
        try (Grid grid = Lodestone.embedded(EmbeddedOptions.members(1).withPartitions(7))) {
            assertThat(new WordCountJob(grid).run(empty).counts()).isEmpty();
        }
    }

    @Test
    void theReadmeExampleRuns() {
        assertThat(QuickStart.run()).matches("task [0-9a-f]+-1 -> 18 on embedded-[12]");
    }
}
