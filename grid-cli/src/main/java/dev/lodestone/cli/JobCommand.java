package dev.lodestone.cli;

import dev.lodestone.api.Grid;
import dev.lodestone.api.GridException;
import dev.lodestone.api.job.JobHandle;
import dev.lodestone.api.job.JobState;
import dev.lodestone.api.job.JobStatus;
import dev.lodestone.api.job.TaskFailure;
import dev.lodestone.runtime.Flags;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code grid job <id>}: a durable job's state, counts, failures and results, as the grid holds them. Exit code 0
 * when the job succeeded, 1 when it failed (some task failed for good or was lost) or is still running, 2 for bad
 * usage.
 */
final class JobCommand {

    private final PrintStream out;
    private final PrintStream err;

    JobCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args, Map<String, String> env) {
        if (args.length == 0 || args[0].startsWith("--")) {
            throw new Flags.UsageException("give the job id first: grid job <id> [--wait] [--limit N] [--json]");
        }
        String id = args[0];
        Flags flags = Flags.parse(Arrays.copyOfRange(args, 1, args.length), Set.of("cluster", "cluster-name", "limit"),
                Set.of("wait", "json"), env);
        int limit = parseLimit(flags.get("limit", "20"));
        try (Grid grid = GridMain.open(flags, false)) {
            JobHandle<Object> job;
            try {
                job = grid.job(id);
            } catch (IllegalArgumentException e) { // not of the form of a job id
                throw new Flags.UsageException(e.getMessage());
            }
            if (flags.has("wait")) { // progress on stderr, so that stdout (and --json) stays the result alone
                try {
                    new JobProgress(grid, job, err, System.console() != null).waitShowing();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new GridException("interrupted while waiting for job " + id);
                }
            }
            JobStatus s = job.status();
            int shown = limit == 0 ? job.size() : Math.min(limit, job.size());
            if (flags.has("json")) {
                printJson(job, s, shown);
            } else {
                printText(job, s, shown);
            }
            return s.state() == JobState.SUCCEEDED ? 0 : 1;
        }
    }

    private static int parseLimit(String v) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Flags.UsageException("--limit wants a count of results to print, 0 for all; got '" + v + "'");
    }

    private void printText(JobHandle<Object> job, JobStatus s, int shown) {
        out.printf("job %s '%s': %s%n", s.id(), s.name(), s.state());
        out.printf("tasks: %d total, %d succeeded, %d failed, %d lost, %d pending, %d running; %d needed more than one attempt%n",
                s.total(), s.succeeded(), s.failed(), s.lost(), s.pending(), s.running(), s.rerun());
        if (!s.failures().isEmpty()) {
            out.println("failures:");
            for (TaskFailure f : s.failures()) {
                out.printf("  task %d (%s): %d attempts, last on %s: %s%n", f.index(), f.taskId(), f.attempts(), f.member(), f.message());
            }
        }
        if (!s.lostTasks().isEmpty()) {
            out.println("lost (every replica of their partition died): tasks " + s.lostTasks());
        }
        out.printf("results (%d of %d; --limit N, 0 for all):%n", shown, job.size());
        for (int i = 0; i < shown; i++) {
            out.printf("  %d\t%s%n", i, describe(job.result(i)));
        }
    }

    private void printJson(JobHandle<Object> job, JobStatus s, int shown) {
        JsonWriter w = new JsonWriter().beginObject()
                .name("id").value(s.id()).name("name").value(s.name()).name("state").value(s.state().name())
                .name("total").value(s.total()).name("succeeded").value(s.succeeded()).name("failed").value(s.failed())
                .name("lost").value(s.lost()).name("pending").value(s.pending()).name("running").value(s.running())
                .name("rerun").value(s.rerun());
        w.name("failures").beginArray();
        for (TaskFailure f : s.failures()) {
            w.beginObject().name("index").value(f.index()).name("task").value(f.taskId().toString()).name("attempts")
                    .value(f.attempts()).name("member").value(f.member()).name("message").value(f.message()).endObject();
        }
        w.endArray().name("lost_tasks").beginArray();
        for (int i : s.lostTasks()) {
            w.value(i);
        }
        w.endArray().name("results").beginArray();
        for (int i = 0; i < shown; i++) {
            w.beginObject().name("index").value(i).name("result").value(describe(job.result(i))).endObject();
        }
        out.println(w.endArray().endObject());
    }

    private static String describe(CompletableFuture<Object> f) {
        if (!f.isDone()) {
            return "<pending>";
        }
        try {
            return String.valueOf(f.join());
        } catch (CompletionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            return "<" + c.getClass().getSimpleName() + ": " + c.getMessage() + ">";
        } catch (java.util.concurrent.CancellationException e) {
            return "<cancelled>";
        }
    }
}
