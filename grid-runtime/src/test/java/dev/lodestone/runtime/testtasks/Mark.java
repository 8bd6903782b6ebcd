package dev.lodestone.runtime.testtasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/** Leaves a trace that it ran: puts {@code key -> "ran"} into {@code map}. */
public record Mark(String map, int key) implements Task<Boolean> {
    @Override
    public Boolean run(TaskContext ctx) {
        ctx.<Integer, String>map(map).put(key, "ran");
        return true;
    }
}
