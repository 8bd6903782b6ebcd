/**
 * The event bus: typed topics that every member and client can publish to and subscribe to, in order, with
 * each subscriber told exactly how many events it missed when it fell too far behind.
 */
package dev.lodestone.api.events;
