package dev.lodestone.runtime.member;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.Ringbuffer;
import dev.lodestone.api.events.JobEvent;
import dev.lodestone.api.events.JobEventKind;
import dev.lodestone.runtime.events.RingEventBus;
import dev.lodestone.runtime.events.TopicEvent;
import dev.lodestone.runtime.job.CountOutcomes;
import dev.lodestone.runtime.job.FinishTally;
import dev.lodestone.runtime.job.JobIds;
import dev.lodestone.runtime.job.JobMaps;
import dev.lodestone.runtime.job.JobTally;
import dev.lodestone.runtime.job.JobTaskKey;
import dev.lodestone.runtime.job.StoredTask;
import dev.lodestone.runtime.job.SummaryCounts;
import dev.lodestone.runtime.job.TallyStep;
import dev.lodestone.runtime.job.TaskSummary;
import dev.lodestone.runtime.job.TasksOfJob;
import dev.lodestone.runtime.job.Unfinished;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the durable outcomes this member stores, per job, and turns them into job events.
 *
 * <p>Every {@value #REPORT_MILLIS} ms, for each job with new outcomes here, one entry processor adds them to the
 * job's {@link JobTally} (in {@link JobMaps#TALLIES}); this member then publishes a PROGRESS event with the new
 * totals, and the FINISHED event if its report was the one that completed the count. A task's final outcome is
 * stored once (compare-and-set), by one member, which alone counts it: no task is counted twice. Outcomes a member
 * stored but had not reported when it died are never reported; so the cluster's oldest member, at each sweep, counts
 * the entries of every unfinished job that has been quiet for {@value #QUIET_MILLIS} ms, and finishes it from that
 * exact count when nothing of it is left to run.
 *
 * <p>THREADING: {@link #counted} from whatever thread stored the outcome; reports and counts on the job timer.
 */
final class JobTallies {

    private static final Logger LOG = LoggerFactory.getLogger(JobTallies.class);
    static final long REPORT_MILLIS = 250;
    static final long QUIET_MILLIS = 2_000;

    private final String memberName;
    private final HazelcastInstance hz;
    private final IMap<String, JobTally> tallies;
    private final IMap<JobTaskKey, StoredTask> tasks;
    private final Ringbuffer<TopicEvent> events;
    private final ConcurrentHashMap<String, Counts> unreported = new ConcurrentHashMap<>();

    JobTallies(String memberName, HazelcastInstance hz, ScheduledExecutorService timer) {
        this.memberName = memberName;
        this.hz = hz;
        this.tallies = hz.getMap(JobMaps.TALLIES);
        this.tasks = hz.getMap(JobMaps.TASKS);
        this.events = hz.getRingbuffer(RingEventBus.JOB_EVENTS);
        timer.scheduleWithFixedDelay(this::report, REPORT_MILLIS, REPORT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** This member stored the final outcome of one of job {@code jobId}'s tasks. */
    void counted(String jobId, boolean succeeded) {
        // counted under the map's lock for that key, so that report() never drops a Counts someone is adding to
        unreported.compute(jobId, (k, c) -> {
            Counts counts = c == null ? new Counts() : c;
            (succeeded ? counts.succeeded : counts.failed).incrementAndGet();
            return counts;
        });
    }

    /** Adds what was counted here since the last report to each job's tally. */
    private void report() {
        for (Map.Entry<String, Counts> e : unreported.entrySet()) {
            String jobId = e.getKey();
            int ok = e.getValue().succeeded.getAndSet(0);
            int bad = e.getValue().failed.getAndSet(0);
            if (ok + bad == 0) {
                unreported.computeIfPresent(jobId, (k, c) -> c.succeeded.get() + c.failed.get() == 0 ? null : c);
                continue;
            }
            tallies.submitToKey(jobId, new CountOutcomes(ok, bad, System.currentTimeMillis())).whenComplete((step, error) -> {
                if (error != null) { // reported again next time
                    unreported.compute(jobId, (k, c) -> {
                        Counts counts = c == null ? new Counts() : c;
                        counts.succeeded.addAndGet(ok);
                        counts.failed.addAndGet(bad);
                        return counts;
                    });
                    LOG.debug("member {}: reporting progress of job {} failed; again shortly: {}", memberName, jobId, error.toString());
                } else if (step != null && (!step.tally().finished() || step.finishedNow())) {
                    publish(step, JobEventKind.PROGRESS);
                }
            });
        }
    }

    /**
     * Finishes, from an exact count of their entries, the jobs nobody reported on for a while and that have nothing left
     * to run. Only the oldest member does it, so that a cluster counts each job once.
     */
    void finishQuietJobs() {
        Iterator<Member> members = hz.getCluster().getMembers().iterator();
        if (!members.hasNext() || !members.next().localMember()) {
            return;
        }
        long now = System.currentTimeMillis();
        for (JobTally t : tallies.values(new Unfinished(now - QUIET_MILLIS))) {
            long number = JobIds.number(t.id());
            Collection<TaskSummary> summaries = tasks.project(TaskSummary.PROJECTION, new TasksOfJob(number, -1));
            SummaryCounts c = SummaryCounts.of(number, summaries);
            if (c.pending() + c.running() > 0) {
                continue; // still running: its members will report
            }
            int lost = Math.max(0, t.total() - summaries.size());
            TallyStep step = tallies.executeOnKey(t.id(), new FinishTally(c.succeeded(), c.failures().size(), lost, now));
            if (step != null && step.finishedNow()) {
                LOG.info("member {}: job {} finished by a count of its entries ({} succeeded, {} failed, {} lost): a member"
                        + " that ran some of it left before reporting", memberName, t.id(), c.succeeded(), c.failures().size(), lost);
                publish(step, null);
            }
        }
    }

    /** Publishes {@code kind}, and FINISHED after it if the step finished the job ({@code kind} null: only that). */
    private void publish(TallyStep step, JobEventKind kind) {
        JobTally t = step.tally();
        long now = System.currentTimeMillis();
        List<TopicEvent> out = new ArrayList<>(2);
        if (kind != null) {
            out.add(event(t, kind, now));
        }
        if (step.finishedNow()) {
            out.add(event(t, JobEventKind.FINISHED, now));
        }
        if (!out.isEmpty()) { // one write: the two keep their order
            events.addAllAsync(out, OverflowPolicy.OVERWRITE).whenComplete((seq, error) -> {
                if (error != null) {
                    LOG.warn("member {}: publishing {} of job {} failed: {}", memberName, out.size() == 2 ? "the end" : kind, t.id(),
                            error.toString());
                }
            });
        }
    }

    private TopicEvent event(JobTally t, JobEventKind kind, long now) {
        return new TopicEvent(now, memberName, new JobEvent(t.id(), t.name(), kind, t.total(), t.succeeded(), t.failed(), t.lost(),
                memberName, now));
    }

    /** Outcomes stored here and not reported yet. */
    private static final class Counts {
        final AtomicInteger succeeded = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
    }
}
