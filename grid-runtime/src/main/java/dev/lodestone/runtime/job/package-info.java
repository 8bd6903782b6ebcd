/**
 * Durable jobs as the grid holds them: one entry per task in {@link dev.lodestone.runtime.job.JobMaps#TASKS}, in the
 * partition of the task's affinity key, with backups; the entry processors that move an entry PENDING, RUNNING,
 * DONE under compare-and-set; the predicates and projection members and clients query with. Shared by members
 * (which run the entries) and clients (which write them and read results).
 */
package dev.lodestone.runtime.job;
