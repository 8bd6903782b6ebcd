/**
 * The event bus on Hazelcast ringbuffers: one ringbuffer per topic ({@code __lodestone.topic.<name>}), so every
 * subscriber reads one total order by sequence, a gap is a visible jump in sequence numbers, and a subscriber reads
 * at its own pace on its own thread.
 */
package dev.lodestone.runtime.events;
