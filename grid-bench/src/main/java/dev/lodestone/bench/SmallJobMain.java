package dev.lodestone.bench;

import dev.lodestone.api.ConnectOptions;
import dev.lodestone.api.Grid;
import dev.lodestone.api.Lodestone;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.bench.tasks.Spin;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

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
 * < quit                   (or end of stdin: closes the connection and exits)
 * }</pre>
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

    private static String command(Grid grid, String[] words) {
        if (!words[0].equals("run") || words.length != 3) {
            return "error unknown command '" + String.join(" ", words) + "': expected 'run <count> <taskNanos>' or 'quit'";
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

    private static void answer(PrintStream answers, String line) {
        answers.println(line);
        answers.flush();
    }
}
