package dev.lodestone.samples.wordcount;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;
import java.util.HashMap;

/**
 * The map phase of the word count: counts the words of the lines that lie in this task's
 * partition, reading them where they are stored (the task is submitted with that partition as its
 * affinity, so the read is local).
 *
 * @param linesMap the map of line number to line
 */
public record CountPartitionWords(String linesMap) implements Task<HashMap<String, Long>> {

    @Override
    public HashMap<String, Long> run(TaskContext ctx) {
        HashMap<String, Long> counts = new HashMap<>();
        for (Object line : ctx.localEntries(linesMap).values()) {
            Words.count((String) line, counts);
        }
        return counts;
    }
}
