package dev.lodestone.cli;

import dev.lodestone.api.Grid;
import dev.lodestone.api.metrics.GridMetrics;
import dev.lodestone.api.metrics.Latency;
import dev.lodestone.api.metrics.LevelMetrics;
import dev.lodestone.api.metrics.MemberMetrics;
import dev.lodestone.api.metrics.TaskCounters;
import dev.lodestone.api.task.Priority;
import dev.lodestone.runtime.Flags;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code grid stats}: the task metrics of each member and of the cluster, per priority level: the counters
 * and p50/p90/p99/p99.9/max of queue wait and run time, in microseconds. The cluster's percentiles come from
 * the members' histograms merged. End-to-end times are measured by each client, so this tool (a client of its
 * own) has none to show: an application reads its own with {@code grid.metrics()}. {@code --json} prints one
 * JSON object instead of tables.
 */
final class StatsCommand {

    static final String END_TO_END_NOTE = "end-to-end times (submit to result) are measured by each client, not by the"
            + " members: read them in your application with grid.metrics().client(priority).endToEnd()";

    private static final Priority[] MOST_URGENT_FIRST = mostUrgentFirst();
    private static final String COUNTER_ROW = "  %-10s %10s %10s %10s %10s %10s %10s %10s %10s %10s %10s %10s%n";
    private static final String LATENCY_ROW = "  %-10s %-11s %10s %10s %10s %10s %10s %10s%n";

    private final PrintStream out;

    StatsCommand(PrintStream out) {
        this.out = out;
    }

    private static Priority[] mostUrgentFirst() {
        Priority[] all = Priority.values();
        Priority[] out = new Priority[all.length];
        for (int i = 0; i < all.length; i++) {
            out[i] = all[all.length - 1 - i];
        }
        return out;
    }

    int run(String[] args, Map<String, String> env) {
        Flags flags = Flags.parse(args, Set.of("cluster", "cluster-name"), Set.of("json"), null);
        try (Grid grid = GridMain.open(flags, false)) {
            GridMetrics m = grid.metrics();
            int expected = grid.cluster().members().size();
            if (flags.has("json")) {
                out.println(json(grid.cluster().name(), expected, m));
            } else {
                printTables(grid.cluster().name(), m);
            }
            if (m.members().size() != expected) {
                if (!flags.has("json")) {
                    out.printf("%d of %d members did not answer (see the warnings above)%n", expected - m.members().size(),
                            expected);
                }
                return 1;
            }
            return 0;
        }
    }

    private void printTables(String clusterName, GridMetrics m) {
        out.printf("cluster '%s': %d members; task metrics since each member started, times in microseconds%n", clusterName,
                m.members().size());
        for (MemberMetrics mm : m.members()) {
            out.println();
            out.printf("member %s (%s)%n", mm.member().name(), mm.member().address());
            printLevels(mm.levels());
        }
        out.println();
        out.printf("cluster: %d members merged (percentiles over every member's samples)%n", m.members().size());
        printLevels(m.cluster());
        out.println();
        out.println(END_TO_END_NOTE);
    }

    private void printLevels(List<LevelMetrics> levels) {
        out.printf(COUNTER_ROW, "LEVEL", "SUBMITTED", "STARTED", "SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "REJECTED",
                "STOLEN", "ON_OWNER", "ON_BACKUP", "ELSEWHERE");
        for (Priority p : MOST_URGENT_FIRST) {
            TaskCounters c = levels.get(p.ordinal()).counters();
            out.printf(COUNTER_ROW, p, c.submitted(), c.started(), c.succeeded(), c.failed(), c.cancelled(), c.timedOut(),
                    c.rejected(), c.stolen(), c.ranOnOwner(), c.ranOnBackup(), c.ranElsewhere());
        }
        List<String[]> rows = new ArrayList<>();
        for (Priority p : MOST_URGENT_FIRST) {
            LevelMetrics l = levels.get(p.ordinal());
            addLatency(rows, p, "queue_wait", l.queueWait());
            addLatency(rows, p, "run_time", l.runTime());
        }
        if (rows.isEmpty()) {
            out.println("  (no task has started: no queue wait or run time yet)");
            return;
        }
        out.printf(LATENCY_ROW, "LEVEL", "LATENCY_US", "COUNT", "P50", "P90", "P99", "P99.9", "MAX");
        for (String[] r : rows) {
            out.printf(LATENCY_ROW, (Object[]) r);
        }
    }

    private static void addLatency(List<String[]> rows, Priority p, String what, Latency l) {
        if (l.count() == 0) {
            return;
        }
        rows.add(new String[] {p.name(), what, Long.toString(l.count()), Long.toString(l.p50Micros()),
            Long.toString(l.p90Micros()), Long.toString(l.p99Micros()), Long.toString(l.p999Micros()),
            Long.toString(l.maxMicros())});
    }

    /** The whole snapshot as one JSON object. */
    static String json(String clusterName, int membersInCluster, GridMetrics m) {
        JsonWriter w = new JsonWriter().beginObject()
                .name("clusterName").value(clusterName)
                .name("takenAt").value(m.takenAt().toString())
                .name("membersInCluster").value(membersInCluster)
                .name("membersAnswered").value(m.members().size())
                .name("members").beginArray();
        for (MemberMetrics mm : m.members()) {
            w.beginObject().name("name").value(mm.member().name()).name("address").value(mm.member().address());
            levels(w.name("levels"), mm.levels());
            w.endObject();
        }
        w.endArray();
        levels(w.name("cluster").beginObject().name("levels"), m.cluster());
        w.endObject();
        return w.name("note").value(END_TO_END_NOTE).endObject().toString();
    }

    private static void levels(JsonWriter w, List<LevelMetrics> levels) {
        w.beginArray();
        for (LevelMetrics l : levels) {
            TaskCounters c = l.counters();
            w.beginObject().name("priority").value(l.priority().name())
                    .name("submitted").value(c.submitted())
                    .name("started").value(c.started())
                    .name("succeeded").value(c.succeeded())
                    .name("failed").value(c.failed())
                    .name("cancelled").value(c.cancelled())
                    .name("timedOut").value(c.timedOut())
                    .name("rejected").value(c.rejected())
                    .name("stolen").value(c.stolen())
                    .name("ranOnOwner").value(c.ranOnOwner())
                    .name("ranOnBackup").value(c.ranOnBackup())
                    .name("ranElsewhere").value(c.ranElsewhere());
            latency(w.name("queueWaitMicros"), l.queueWait());
            latency(w.name("runTimeMicros"), l.runTime());
            w.endObject();
        }
        w.endArray();
    }

    private static void latency(JsonWriter w, Latency l) {
        w.beginObject().name("count").value(l.count()).name("p50").value(l.p50Micros()).name("p90").value(l.p90Micros())
                .name("p99").value(l.p99Micros()).name("p999").value(l.p999Micros()).name("max").value(l.maxMicros())
                .endObject();
    }
}
