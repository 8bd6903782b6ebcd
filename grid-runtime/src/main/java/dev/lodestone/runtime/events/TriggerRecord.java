package dev.lodestone.runtime.events;

/**
 * A trigger as the grid keeps it, in {@link TriggerRegistry#TRIGGERS}.
 *
 * @param number          the trigger's number: its runs are durable tasks of this "job" number
 * @param id              its id
 * @param map             the map it reacts to
 * @param task            the serialized {@link dev.lodestone.api.events.TriggerTask}
 * @param priority        the priority level of its runs
 * @param kinds           a bit per {@link dev.lodestone.api.events.UpdateKind} ordinal that starts a run
 * @param maxAttempts     attempts per run
 * @param backoffMillis   the first back-off of a failed run
 * @param retentionMillis how long a run's outcome is kept
 */
public record TriggerRecord(long number, String id, String map, byte[] task, int priority, int kinds, int maxAttempts,
                            long backoffMillis, long retentionMillis) {
}
