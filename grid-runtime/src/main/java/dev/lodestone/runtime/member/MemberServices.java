package dev.lodestone.runtime.member;

import com.hazelcast.core.HazelcastInstance;
import dev.lodestone.api.events.EventBus;
import dev.lodestone.runtime.data.MapCatalog;

/**
 * What tasks running on a member may use: its Hazelcast instance, its maps, its partition table.
 *
 * @param hz         the member's Hazelcast instance
 * @param maps       which maps exist, and views of them
 * @param partitions partition ownership seen from this member
 * @param events     the event bus, seen from this member
 */
record MemberServices(HazelcastInstance hz, MapCatalog maps, PartitionTable partitions, EventBus events) {
}
