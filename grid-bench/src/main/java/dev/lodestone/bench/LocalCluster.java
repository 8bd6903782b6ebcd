package dev.lodestone.bench;

import dev.lodestone.api.ConnectOptions;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The members of one benchmark cluster: separate JVMs on loopback, started with {@code bin/start-member --daemon}
 * and stopped with {@code bin/stop-member}, the way users run them.
 *
 * <p>Each cluster gets its own directory {@code <run dir>/<cluster name>/} holding a copy of {@code conf/} (with
 * the cluster's unique name in {@code hazelcast.yaml}, the scenario's member settings in
 * {@code lodestone.properties}, and {@code --member-heap} in {@code jvm.options}), the members' pid files
 * ({@code run/}) and logs ({@code logs/}), and the scripts' output. Every member gets a port that was free a moment
 * before, and the full member list, so two benchmark clusters (or a user's members) never join each other.
 *
 * <p>Failure handling: a member that does not start fails {@link #start} with the end of its output, after the
 * members that did start are stopped again. {@link #close()} runs {@code bin/stop-member}, then kills (by pid) any
 * member JVM of this cluster still alive: those of its pid files and any process whose command line names this
 * cluster's directory (a member that never wrote its pid file). A benchmark leaves no JVM behind.
 *
 * <p>THREADING: {@link #close()} is synchronized and idempotent, since the shutdown hook (Ctrl-C) may call it
 * while the scenario's thread is still running; the rest is called by the scenario's thread.
 */
final class LocalCluster implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(100);
    private static final int STOP_WAIT_SECONDS = 60;
    private static final Pattern CLUSTER_NAME = Pattern.compile("(?m)^(\\s*cluster-name:\\s*)\\S.*$");
    /** Environment variables of the user's shell that must not reach the members: the bench sets them itself. */
    private static final Set<String> KEPT_ENV = Set.of("LODESTONE_JAVA_OPTS", "LODESTONE_CLASSPATH", "LODESTONE_START_TIMEOUT",
            "LODESTONE_STOP_TIMEOUT");

    private final Path home;
    private final Path dir;
    private final String clusterName;
    private final List<String> names;
    private final int[] ports;
    private final Map<String, String> env;
    private final Consumer<String> log;
    private final Map<String, Long> pids = new LinkedHashMap<>();
    private int scriptRuns;
    private boolean closed;

    private LocalCluster(Path home, Path dir, String clusterName, List<String> names, int[] ports, Consumer<String> log) {
        this.home = home;
        this.dir = dir;
        this.clusterName = clusterName;
        this.names = List.copyOf(names);
        this.ports = ports.clone();
        this.log = log;
        Map<String, String> e = new HashMap<>(System.getenv());
        e.keySet().removeIf(k -> k.startsWith("LODESTONE_") && !KEPT_ENV.contains(k));
        e.put("LODESTONE_RUN_DIR", dir.resolve("run").toString());
        e.put("LODESTONE_LOG_DIR", dir.resolve("logs").toString());
        e.put("JAVA_HOME", System.getProperty("java.home")); // the members run on the bench's own JDK
        this.env = Map.copyOf(e);
    }

    /**
     * Writes the cluster's configuration and starts its members, in parallel.
     *
     * @param home        the Lodestone home: {@code bin/}, and {@code grid-cli/target/lib} that members run on
     * @param sourceConf  the configuration directory to copy ({@code conf/})
     * @param dir         the cluster's own directory; must not exist yet
     * @param clusterName the unique cluster name
     * @param members     how many members
     * @param settings    {@code lodestone.properties} keys to set in the copy
     * @param hazelcast   edits the copy of {@code hazelcast.yaml} (after its cluster name is set), such as
     *                    {@link HazelcastTuning#applyTo}; {@code UnaryOperator.identity()} for none
     * @param memberHeap  {@code -Xmx} of the members (such as {@code 2g}), or null for {@code jvm.options}' choice
     * @param log         progress lines
     * @throws BenchException when a member does not start; those that did are stopped
     */
    static LocalCluster start(Path home, Path sourceConf, Path dir, String clusterName, int members, Map<String, String> settings,
                              UnaryOperator<String> hazelcast, String memberHeap, Consumer<String> log) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= members; i++) {
            names.add("bench-" + i);
        }
        LocalCluster c = new LocalCluster(home, dir, clusterName, names, freePorts(members), log);
        try {
            c.writeConf(sourceConf, settings, hazelcast, memberHeap);
            c.startMembers();
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    String clusterName() {
        return clusterName;
    }

    List<String> memberNames() {
        return names;
    }

    Path dir() {
        return dir;
    }

    /** Member name to pid, for those that started. */
    synchronized Map<String, Long> pids() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pids));
    }

    /** How a client connects: every member's address and the cluster's name. */
    ConnectOptions connectOptions() {
        String[] addresses = new String[ports.length];
        for (int i = 0; i < ports.length; i++) {
            addresses[i] = "127.0.0.1:" + ports[i];
        }
        return ConnectOptions.of(addresses).withClusterName(clusterName).withConnectTimeout(Duration.ofSeconds(30));
    }

    private void writeConf(Path sourceConf, Map<String, String> settings, UnaryOperator<String> hazelcast, String memberHeap) {
        Path conf = dir.resolve("conf");
        try {
            if (Files.exists(dir)) {
                throw new BenchException("benchmark directory " + dir + " exists already");
            }
            Files.createDirectories(conf);
            try (Stream<Path> files = Files.list(sourceConf)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    Files.copy(f, conf.resolve(f.getFileName()));
                }
            }
            Path yaml = conf.resolve("hazelcast.yaml");
            String text = Files.readString(yaml, StandardCharsets.UTF_8);
            Matcher m = CLUSTER_NAME.matcher(text);
            if (!m.find()) {
                throw new BenchException("no 'cluster-name:' line in " + sourceConf.resolve("hazelcast.yaml")
                        + "; the benchmark needs one to give its members a cluster of their own");
            }
            String named = m.replaceFirst(Matcher.quoteReplacement(m.group(1) + clusterName));
            Files.writeString(yaml, hazelcast.apply(named), StandardCharsets.UTF_8);
            Path props = conf.resolve("lodestone.properties");
            String current = Files.exists(props) ? Files.readString(props, StandardCharsets.UTF_8) : "";
            Files.writeString(props, PropertiesEdit.set(current, settings), StandardCharsets.UTF_8);
            if (memberHeap != null) {
                Files.writeString(conf.resolve("jvm.options"), System.lineSeparator() + "# set by bin/grid bench --member-heap"
                        + System.lineSeparator() + "-Xmx" + memberHeap + System.lineSeparator(), StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new BenchException("cannot write the benchmark's configuration in " + conf + ": " + e, e);
        }
    }

    private void startMembers() {
        String memberList = String.join(",", connectOptions().addresses());
        List<Process> starting = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Path out = nextOutput("start-member-" + names.get(i));
            outputs.add(out);
            starting.add(launch(out, "start-member", "--daemon", "--name", names.get(i), "--config", dir.resolve("conf").toString(),
                    "--port", Integer.toString(ports[i]), "--members", memberList));
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            int code = await(starting.get(i), START_TIMEOUT);
            String name = names.get(i);
            if (code != 0) {
                failures.add("member " + name + ": bin/start-member " + (code < 0 ? "did not finish within " + START_TIMEOUT.toSeconds()
                        + " s" : "exited " + code) + "; its output:" + System.lineSeparator() + tail(outputs.get(i)));
                continue;
            }
            Long pid = readPid(name);
            synchronized (this) {
                if (pid != null) {
                    pids.put(name, pid);
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new BenchException(String.join(System.lineSeparator(), failures) + System.lineSeparator() + "member logs: "
                    + dir.resolve("logs"));
        }
        StringBuilder sb = new StringBuilder();
        pids().forEach((n, p) -> sb.append(sb.length() == 0 ? "" : ", ").append(n).append(" (pid ").append(p).append(')'));
        log.accept("cluster " + clusterName + ": started " + sb + " on ports " + memberList + "; logs in " + dir.resolve("logs"));
    }

    /** Stops the members: {@code bin/stop-member}, then SIGKILL for any of this cluster's JVMs still alive. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> stopArgs = new ArrayList<>();
        for (String n : pids.keySet()) {
            stopArgs.add("--name");
            stopArgs.add(n);
        }
        if (!stopArgs.isEmpty()) {
            stopArgs.add("--timeout");
            stopArgs.add(Integer.toString(STOP_WAIT_SECONDS));
            Path out = nextOutput("stop-member");
            try {
                int code = await(launch(out, "stop-member", stopArgs.toArray(new String[0])), STOP_TIMEOUT);
                if (code != 0) {
                    log.accept("bin/stop-member exited " + code + ": " + tail(out));
                }
            } catch (RuntimeException e) {
                log.accept("bin/stop-member failed: " + e.getMessage());
            }
        }
        List<ProcessHandle> left = new ArrayList<>();
        pids.values().forEach(pid -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(left::add));
        String marker = dir.toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid() && !left.contains(p))
                .filter(p -> p.info().commandLine().map(c -> c.contains("MemberMain") && c.contains(marker)).orElse(false))
                .forEach(left::add);
        for (ProcessHandle p : left) {
            log.accept("member JVM " + p.pid() + " of cluster " + clusterName + " still runs after bin/stop-member; killing it");
            p.destroyForcibly();
        }
        for (ProcessHandle p : left) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                log.accept("member JVM " + p.pid() + " did not exit after SIGKILL: " + e);
            }
        }
        if (!pids.isEmpty()) {
            log.accept("cluster " + clusterName + ": stopped " + String.join(", ", pids.keySet()));
        }
    }

    /** True once every member JVM that started has exited. */
    synchronized boolean allStopped() {
        return pids.values().stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    /** Removes the cluster's directory (configuration copy, pid files, logs); for runs that went well. */
    void deleteFiles() {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.accept("could not remove " + dir + ": " + e);
        }
    }

    private Process launch(Path out, String script, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin").resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new BenchException("cannot run " + String.join(" ", command) + ": " + e, e);
        }
    }

    /** The exit code, or -1 after killing a script that ran past the timeout. */
    private static int await(Process p, Duration timeout) {
        try {
            if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return p.exitValue();
            }
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return -1;
        }
    }

    private synchronized Path nextOutput(String what) {
        Path out = dir.resolve("scripts").resolve(++scriptRuns + "-" + what + ".txt");
        try {
            Files.createDirectories(out.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private Long readPid(String name) {
        try {
            String digits = Files.readString(dir.resolve("run").resolve(name + ".pid"), StandardCharsets.UTF_8).replaceAll("[^0-9]", "");
            return digits.isEmpty() ? null : Long.parseLong(digits);
        } catch (IOException e) {
            return null;
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** {@code count} distinct ports that were free on 127.0.0.1 a moment ago. */
    static int[] freePorts(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new BenchException("cannot find free ports on 127.0.0.1: " + e, e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // nothing to clean up
                }
            }
        }
    }
}
