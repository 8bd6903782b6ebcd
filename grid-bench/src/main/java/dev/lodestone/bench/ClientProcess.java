package dev.lodestone.bench;

import dev.lodestone.api.task.Priority;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A client of a benchmark cluster in a JVM of its own ({@link SmallJobMain}), driven over its stdin and stdout: a
 * client whose job is timed apart from the bench JVM, so another client's garbage in the bench JVM (and its GC
 * pauses) does not land in that job's time, as it would not with two clients on two machines.
 *
 * <pre>{@code
 * ClientProcess c = run.clientProcess(cluster, "client-2");  // started, connected, every member seen
 * double seconds = c.job(100, 1_000_000, Duration.ofMinutes(30));
 * }</pre>
 *
 * <p>The JVM runs the bench JVM's {@code java}, class path and JVM options ({@code --add-opens} and the like, heap
 * and {@code -XX} flags; not agents, debuggers or log files); its stderr goes to {@code <log dir>/<name>.log}.
 * {@link #close()} asks it to quit, then kills it; {@link BenchRun} closes it at the end of the run, on failure and
 * on Ctrl-C. A wait that runs out, or a JVM that exits, fails with a {@link BenchException} saying what was awaited.
 *
 * <p>THREADING: {@link #job} is called by the scenario's thread; a daemon thread reads the child's stdout;
 * {@link #close()} is synchronized and idempotent, since the shutdown hook may call it too.
 */
final class ClientProcess implements AutoCloseable {

    private static final Duration QUIT_WAIT = Duration.ofSeconds(10);
    /** Stands for the end of the child's stdout in {@link #lines}: no line read can be a line break. */
    private static final String EOF = "\n";

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Consumer<String> log;
    private boolean closed;

    private ClientProcess(String name, Process process, Path logFile, Consumer<String> log) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.log = log;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readAnswers, "bench-" + name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the JVM and waits until it is connected and sees every member of the cluster.
     *
     * @param name          a word for the log file and messages ({@code client-2})
     * @param logDir        where its stderr goes
     * @param logbackConfig its {@code -Dlogback.configurationFile}, or null for none
     * @param timeout       how long it may take to start and connect
     */
    static ClientProcess start(String name, LocalCluster cluster, Path logDir, String logbackConfig, Duration timeout,
                               Consumer<String> log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        if (logbackConfig != null) {
            command.add("-Dlogback.configurationFile=" + logbackConfig);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SmallJobMain.class.getName());
        command.add(cluster.clusterName());
        command.add(Integer.toString(cluster.memberNames().size()));
        command.addAll(cluster.connectOptions().addresses());
        Path logFile = logDir.resolve(name + ".log");
        Process p;
        try {
            Files.createDirectories(logDir);
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        } catch (IOException e) {
            throw new BenchException("cannot start " + name + "'s JVM (" + String.join(" ", command) + "): " + e, e);
        }
        ClientProcess c = new ClientProcess(name, p, logFile, log);
        try {
            String ready = c.next("it to connect and see " + cluster.memberNames().size() + " members", timeout);
            if (!ready.equals("ready")) {
                throw c.failure("answered '" + ready + "' instead of 'ready'");
            }
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        log.accept(name + ": own JVM (pid " + p.pid() + ") connected to cluster " + cluster.clusterName() + "; its log: " + logFile);
        return c;
    }

    /**
     * Has the child submit {@code count} tasks of {@code taskNanos} CPU at NORMAL priority and returns its job's
     * seconds, first submit to last result, as timed in the child.
     *
     * @throws BenchException when no answer comes within {@code timeout}, the child exits, or the job failed
     */
    double job(int count, long taskNanos, Duration timeout) {
        send("run " + count + " " + taskNanos);
        String answer = next("the time of its job of " + count + " tasks", timeout);
        if (!answer.startsWith("seconds ")) {
            throw failure("answered '" + answer + "' to 'run " + count + " " + taskNanos + "'");
        }
        try {
            return Double.parseDouble(answer.substring("seconds ".length()).trim());
        } catch (NumberFormatException e) {
            throw failure("answered '" + answer + "', not a number of seconds");
        }
    }

    /**
     * Has the child submit {@code count} tasks of {@code taskNanos} CPU at {@code priority} and returns once every
     * one is handed to the grid, without waiting for results; {@link #cancelBacklog} ends it.
     *
     * @throws BenchException when no answer comes within {@code timeout}, the child exits, or it refused
     */
    void backlog(int count, long taskNanos, Priority priority, Duration timeout) {
        String command = "backlog " + count + " " + taskNanos + " " + priority.name();
        send(command);
        String answer = next("it to submit a backlog of " + count + " tasks", timeout);
        if (!answer.equals("submitted")) {
            throw failure("answered '" + answer + "' to '" + command + "'");
        }
    }

    /**
     * Cancels the child's backlog and returns what of it had finished.
     *
     * @throws BenchException when no answer comes within {@code timeout}, the child exits, or it had no backlog
     */
    BacklogDone cancelBacklog(Duration timeout) {
        send("cancel");
        String answer = next("it to cancel its backlog", timeout);
        String[] words = answer.split(" ");
        if (words.length != 4 || !words[0].equals("backlog")) {
            throw failure("answered '" + answer + "' to 'cancel'");
        }
        try {
            return new BacklogDone(Long.parseLong(words[1]), Long.parseLong(words[2]), Long.parseLong(words[3]));
        } catch (NumberFormatException e) {
            throw failure("answered '" + answer + "', not three numbers");
        }
    }

    /**
     * What a cancelled backlog had done.
     *
     * @param succeeded tasks that had finished with a result
     * @param runP50Micros median run time of those tasks, wall clock on the member, µs; -1 if none finished
     * @param cpuP50Micros median CPU time of those tasks, µs; -1 if none finished
     */
    record BacklogDone(long succeeded, long runP50Micros, long cpuP50Micros) {
    }

    /** Asks the child to quit, waits a little, then kills it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (process.isAlive()) {
            try {
                commands.write("quit\n");
                commands.flush();
                commands.close();
            } catch (IOException e) {
                // it is going away already; destroyed below if not
            }
            try {
                if (!process.waitFor(QUIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.accept(name + "'s JVM (pid " + process.pid() + ") did not quit within " + QUIT_WAIT.toSeconds() + " s; killing it");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return name + " JVM (pid " + process.pid() + ")";
    }

    /**
     * The bench JVM's options that the child needs too: module options, heap and stack sizes, {@code -XX} flags and
     * system properties; not agents, debuggers, GC logs or anything else naming a file the two would share.
     */
    static List<String> jvmOptions(List<String> inputArguments) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < inputArguments.size(); i++) {
            String a = inputArguments.get(i);
            if (a.equals("--add-opens") || a.equals("--add-exports") || a.equals("--add-modules") || a.equals("--add-reads")) {
                if (i + 1 < inputArguments.size()) {
                    out.add(a + "=" + inputArguments.get(++i));
                }
            } else if (a.startsWith("--add-") || a.startsWith("--enable-") || a.startsWith("-Xmx") || a.startsWith("-Xms")
                    || a.startsWith("-Xss") || (a.startsWith("-D") && !a.startsWith("-Dlogback.configurationFile="))
                    || (a.startsWith("-XX:") && !namesFile(a))) {
                out.add(a);
            }
        }
        return out;
    }

    private static boolean namesFile(String xxOption) {
        String o = xxOption.toLowerCase(Locale.ROOT);
        return o.contains("file") || o.contains("path") || o.contains("flags=") || o.contains("log");
    }

    private void send(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw failure("cannot be sent '" + command + "': " + e);
        }
    }

    private String next(String what, Duration timeout) {
        String line;
        try {
            line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while waiting for " + name + "'s JVM to report " + what, e);
        }
        if (line == null) {
            throw failure("did not report " + what + " within " + timeout.toSeconds() + " s");
        }
        if (line.equals(EOF)) {
            lines.add(EOF);
            Optional<Integer> code = exitCode();
            throw failure("exited" + code.map(c -> " with code " + c).orElse("") + " before it reported " + what);
        }
        if (line.startsWith("error ")) {
            throw failure("failed while the bench waited for " + what + ": " + line.substring("error ".length()));
        }
        return line;
    }

    private Optional<Integer> exitCode() {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? Optional.of(process.exitValue()) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private BenchException failure(String what) {
        return new BenchException(name + "'s JVM (pid " + process.pid() + ") " + what + "; its log: " + logFile);
    }

    private void readAnswers() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the child went away; EOF below says so
        } finally {
            lines.add(EOF);
        }
    }
}
