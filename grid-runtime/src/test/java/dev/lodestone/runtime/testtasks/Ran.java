package dev.lodestone.runtime.testtasks;

/** What a task saw where it ran. */
public record Ran(String member, int partition, String value, int attempt) {
}
