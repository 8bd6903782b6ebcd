package dev.lodestone.runtime.events;

/**
 * An event as the topic's ringbuffer holds it; the sequence is the ringbuffer's.
 *
 * @param publishMillis when it was published (epoch ms)
 * @param publisher     the member or client that published it
 * @param payload       the user's payload
 */
public record TopicEvent(long publishMillis, String publisher, Object payload) {
}
