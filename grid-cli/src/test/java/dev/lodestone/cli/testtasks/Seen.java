package dev.lodestone.cli.testtasks;

/**
 * What a {@link ReadOnOwner} task saw where it ran.
 *
 * @param member    the name of the member that ran it
 * @param partition the partition it was affine to, or -1
 * @param value     the value it read
 * @param attempt   its attempt number
 */
public record Seen(String member, int partition, String value, int attempt) {
}
