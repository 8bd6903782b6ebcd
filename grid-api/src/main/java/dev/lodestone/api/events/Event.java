package dev.lodestone.api.events;

/**
 * One event as a subscriber receives it.
 *
 * <pre>{@code
 * topic.subscribe(e -> System.out.println("#" + e.sequence() + " from " + e.publisher() + ": " + e.payload()));
 * }</pre>
 *
 * @param topic         the topic's name
 * @param sequence      its position in the topic: consecutive, so a gap is visible
 * @param publishMillis when it was published (epoch ms, the publisher's clock)
 * @param publisher     the member or client that published it
 * @param payload       what was published
 * @param <E>           the payload's type
 */
public record Event<E>(String topic, long sequence, long publishMillis, String publisher, E payload) {
}
