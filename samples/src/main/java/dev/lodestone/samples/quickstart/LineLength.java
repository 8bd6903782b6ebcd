package dev.lodestone.samples.quickstart;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/**
 * The README's example task: the length of one line, read on the member that holds it.
 *
 * @param line the line's key in map "lines"
 */
public record LineLength(int line) implements Task<Integer> {

    @Override
    public Integer run(TaskContext ctx) {
        String text = ctx.<Integer, String>map("lines").get(line); // a local read: this member owns the key
        return text == null ? 0 : text.length();
    }
}
