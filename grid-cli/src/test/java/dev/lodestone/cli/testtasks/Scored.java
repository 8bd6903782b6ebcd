package dev.lodestone.cli.testtasks;

/**
 * What {@link Score} returns.
 *
 * @param key           the key it read
 * @param score         {@link Score#expected(int, int)} of the key and the value it read
 * @param member        where it ran
 * @param attempt       which attempt it was
 * @param startedMillis when that attempt started (epoch ms)
 */
public record Scored(int key, long score, String member, int attempt, long startedMillis) {
}
