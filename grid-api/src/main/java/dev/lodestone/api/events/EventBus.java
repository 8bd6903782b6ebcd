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

    /**
     * The changes of a map created with {@link dev.lodestone.api.data.MapOptions#withUpdateEvents()}, as a topic:
     * each change published by the member that owns the key, in the order made per key. Subscribe only; the members
     * publish.
     *
     * @throws dev.lodestone.api.NoSuchMapException when the map does not exist
     * @throws IllegalStateException                when the map was created without update events
     */
    <K, V> Topic<MapUpdate<K, V>> mapUpdates(String mapName);

    /**
     * Task lifecycle events (submitted, stolen, started, succeeded, failed, retried, cancelled, timed out) from the
     * members whose {@code events.tasks} setting is on. Subscribe only; members publish, in batches, from a bounded
     * buffer that never holds up a worker: what does not fit is counted and announced as an
     * {@link TaskEventKind#EVENTS_DROPPED} event, never left out silently.
     *
     * <pre>{@code
     * grid.events().taskEvents().subscribe(e -> log(e.payload()), SubscribeOptions.defaults(),
     *         t -> "scores-2kq81v3".equals(t.jobId()));   // one job's tasks
     * }</pre>
     */
    Topic<TaskEvent> taskEvents();

    /**
     * Durable jobs' steps: STARTED when the grid holds a job, PROGRESS as members finish its tasks (a few times a
     * second at most), FINISHED once when every task has an outcome. Subscribe only; members and submitters publish.
     *
     * <pre>{@code
     * grid.events().jobEvents().subscribe(e -> bar.show(e.payload().done(), e.payload().total()),
     *         SubscribeOptions.defaults(), j -> j.jobId().equals(job.id()));
     * }</pre>
     */
    Topic<JobEvent> jobEvents();

    /**
     * Tasks' outcomes, for subscribers other than their submitters, from the members whose {@code events.results}
     * setting is on. A durable task's outcome is published once, after it is stored; what the members' bounded
     * buffers could not hold is reported to subscribers as missed ({@link Subscriber#onMissed}), never left out
     * silently.
     *
     * <pre>{@code
     * grid.events().results().subscribe(e -> index(e.payload().taskId(), e.payload().value()));
     * }</pre>
     */
    Topic<TaskResult> results();

    /**
     * Runs {@code task} for each change of the map (of the kinds the options name), on the member that owns the
     * changed key, at the options' priority, through that member's task queue. Each run is recorded as a durable task
     * in the key's partition before it is queued, so a run that was recorded survives the member's death (it runs on
     * the new owner, as attempt 2 if it had started). The map must publish its updates
     * ({@link dev.lodestone.api.data.MapOptions#withUpdateEvents()}).
     *
     * <pre>{@code
     * Trigger t = grid.events().trigger("ratings", new RefreshScore(), TriggerOptions.defaults().withPriority(Priority.HIGH));
     * }</pre>
     *
     * @throws dev.lodestone.api.NoSuchMapException           when the map does not exist
     * @throws IllegalStateException                          when the map does not publish its updates
     * @throws dev.lodestone.api.task.TaskRejectedException   when the task cannot be serialized
     */
    <K, V> Trigger trigger(String mapName, TriggerTask<K, V> task, TriggerOptions options);
}
