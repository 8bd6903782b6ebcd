package dev.lodestone.bench;

import dev.lodestone.api.ConnectOptions;
import dev.lodestone.api.Grid;
import dev.lodestone.api.Lodestone;
import dev.lodestone.api.task.Priority;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.bench.tasks.Ran;
import dev.lodestone.bench.tasks.Spin;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A benchmark client in a JVM of its own: connects to a cluster, then for each command on stdin submits a job of
 * {@link Spin} tasks (NORMAL priority, no affinity) and answers on stdout with the job's time, first submit to last
 * result. Started and driven by {@link ClientProcess}, so a client's job is timed in a process that holds nothing
 * else, as a second client on another machine would be, not in the bench JVM beside another client's garbage.
 *
 * <pre>{@code
 * java ... dev.lodestone.bench.SmallJobMain <cluster name> <members> <host:port>...
 * < run 100 1000000        > ready            (once connected and every member seen)
 *                          > seconds 0.0623
 * < backlog 200000 1000000 LOW
 *                          > submitted        (every task handed to the grid; results are not awaited)
 * < cancel                 > backlog 8123 1004 998   (succeeded so far, run p50 us, CPU p50 us; the rest cancelled)
 * < quit                   (or end of stdin: closes the connection and exits)
 * }</pre>
 *
 * <p>The backlog commands let a batch client in its own JVM fill the grid while the bench JVM measures another
 * client's latency: the batch's million futures, and the collections of their garbage, stay out of the measuring
 * JVM, as a batch job and an interactive client on two machines would.
 *
 * <p>A command that fails is answered {@code error <message>}; the client stays connected. Everything else the JVM
 * prints (logging, a library's banner) goes to stderr, so stdout carries only the answers.
 *
 * <p>THREADING: one thread, one command at a time; the connection is kept between commands (warm links).
 */
public final class SmallJobMain {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);
    /** The parent's own timeout governs; this only ends a job that the parent stopped waiting for long ago. */
    private static final Duration RESULT_TIMEOUT = Duration.ofHours(2);

    private SmallJobMain() {
    }

    /**
     * @param args the cluster's name, the number of members to wait for, then every member's address
     */
    public static void main(String[] args) throws Exception {
        PrintStream answers = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        System.setOut(System.err);
        if (args.length < 3) {
            System.err.println("usage: SmallJobMain <cluster name> <members> <host:port>...");
            System.exit(2);
        }
        String clusterName = args[0];
        int members = Integer.parseInt(args[1]);
        String[] addresses = Arrays.copyOfRange(args, 2, args.length);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Grid grid = Lodestone.connect(ConnectOptions.of(addresses).withClusterName(clusterName)
                .withConnectTimeout(CONNECT_TIMEOUT))) {
            GridWaits.members(grid, members, JOIN_TIMEOUT);
            answer(answers, "ready");
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.trim().split("\\s+");
                if (words[0].equals("quit")) {
                    break;
                }
                answer(answers, command(grid, words));
            }
        }
        System.exit(0);
    }

    /** The backlog of the last {@code backlog} command, until {@code cancel}; one thread, so no guard. */
    private static Backlog backlog;

    private static String command(Grid grid, String[] words) {
        if (words[0].equals("backlog") && words.length == 4) {
            return backlog(grid, words);
        }
        if (words[0].equals("cancel") && words.length == 1) {
            return cancel();
        }
        if (!words[0].equals("run") || words.length != 3) {
            return "error unknown command '" + String.join(" ", words)
                    + "': expected 'run <count> <taskNanos>', 'backlog <count> <taskNanos> <priority>', 'cancel' or 'quit'";
        }
        try {
            int count = Integer.parseInt(words[1]);
            long nanos = Long.parseLong(words[2]);
            SubmitOptions normal = SubmitOptions.defaults();
            double seconds = Jobs.submit(grid, count, i -> Submission.of(new Spin(nanos), normal)).seconds(RESULT_TIMEOUT);
            return "seconds " + seconds;
        } catch (RuntimeException e) {
            return ("error " + e).replace('\n', ' ').replace('\r', ' ');
        }
    }

    private static String backlog(Grid grid, String[] words) {
        if (backlog != null) {
            return "error a backlog is already queued: cancel it first";
        }
        try {
            int count = Integer.parseInt(words[1]);
            long nanos = Long.parseLong(words[2]);
            SubmitOptions options = SubmitOptions.defaults().withPriority(Priority.valueOf(words[3]));
            Backlog b = new Backlog(Jobs.submit(grid, count, i -> Submission.of(new Spin(nanos), options)));
            // handle, not thenAccept: see Jobs.submit (no CompletionException per cancelled task)
            b.job.handles().forEach(h -> h.result().handle((r, e) -> {
                if (e == null) {
                    b.run.recordValue(Math.max(0, r.wallNanos() / 1_000));
                    b.cpu.recordValue(Math.max(0, r.cpuNanos() / 1_000));
                }
                return null;
            }));
            backlog = b;
            return "submitted";
        } catch (RuntimeException e) {
            return ("error " + e).replace('\n', ' ').replace('\r', ' ');
        }
    }

    private static String cancel() {
        if (backlog == null) {
            return "error no backlog to cancel";
        }
        Backlog b = backlog;
        backlog = null;
        long succeeded = b.job.succeeded();
        b.job.cancel();
        Histogram run = b.run.getIntervalHistogram();
        Histogram cpu = b.cpu.getIntervalHistogram();
        return "backlog " + succeeded + " " + (run.getTotalCount() == 0 ? -1 : run.getValueAtPercentile(50))
                + " " + (cpu.getTotalCount() == 0 ? -1 : cpu.getValueAtPercentile(50));
    }

    /** A queued batch and the run and CPU times of its tasks that finished, in microseconds. */
    private record Backlog(Jobs.Job<Ran> job, Recorder run, Recorder cpu) {
        Backlog(Jobs.Job<Ran> job) {
            this(job, new Recorder(3), new Recorder(3));
        }
    }

    private static void answer(PrintStream answers, String line) {
        answers.println(line);
        answers.flush();
    }
}
