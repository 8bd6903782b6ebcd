package dev.lodestone.runtime.events;

/**
 * Stands in a topic for {@code count} events a member's publisher could not hold; a subscription reports it as
 * missed, not as an event.
 *
 * @param count how many events were left out
 */
public record Dropped(long count) {
}
