package dev.lodestone.api.events;

/**
 * The grid's topics.
 *
 * <pre>{@code
 * Topic<String> news = grid.events().topic("news", String.class);
 * news.subscribe(e -> System.out.println(e.payload()));
 * news.publish("hello");
 * }</pre>
 */
public interface EventBus {

    /**
     * The topic of that name, created on first use. Its buffer holds the last {@code events.capacity} events (a
     * member setting; {@link Topic#capacity()}).
     *
     * @throws IllegalArgumentException when the name is blank or starts with {@code __} (reserved)
     */
    <E> Topic<E> topic(String name, Class<E> type);
}
