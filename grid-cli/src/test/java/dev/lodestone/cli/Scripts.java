package dev.lodestone.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the real {@code bin/} scripts as processes for the process-level tests, with everything they write
 * (pid files, member logs, their own output) under one temporary directory, never in the repository.
 *
 * <p>Failure handling: every member JVM these scripts start is found again at {@link #close()} and
 * stopped, first with {@code bin/stop-member --all}, then forcibly by pid: both the pids seen in pid files
 * and any process whose command line carries this instance's unique cluster name (a member that never
 * wrote its pid file). A failed test must not leave JVMs running.
 *
 * <p>THREADING: not thread-safe; one instance per test class, used from the test thread.
 */
final class Scripts implements AutoCloseable {

    /** The repository root: bin/, conf/ and grid-cli/target/lib are under it. */
    static final Path HOME = findHome();

    private static final Duration CLEANUP_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final String clusterName;
    private final Map<String, String> env;
    private final Set<Long> memberPids = ConcurrentHashMap.newKeySet();
    private final AtomicInteger runs = new AtomicInteger();

    /**
     * @param dir         a temporary directory; run/, logs/ and the scripts' output go under it
     * @param clusterName the unique cluster name the test's members use; close() kills what carries it
     */
    Scripts(Path dir, String clusterName) {
        this.dir = dir;
        this.clusterName = clusterName;
        this.env = Map.of(
                "LODESTONE_RUN_DIR", dir.resolve("run").toString(),
                "LODESTONE_LOG_DIR", dir.resolve("logs").toString(),
                // The test tasks (and their TypeRegistrar) are in target/test-classes; members and bin/grid
                // must register exactly what the test JVM registers, or members refuse the client.
                "LODESTONE_CLASSPATH", testClasses().toString(),
                "LODESTONE_START_TIMEOUT", "60",
                "LODESTONE_STOP_TIMEOUT", "60",
                "LODESTONE_JAVA_OPTS", "-Xmx512m",
                "JAVA_HOME", System.getProperty("java.home"));
    }

    /** What a script did. */
    record Result(List<String> command, int exitCode, String output, Duration took) {

        /** For assertion messages: the command, its exit code and everything it printed. */
        String describe() {
            return String.join(" ", command) + " exited " + exitCode + " after " + took.toMillis() + " ms; output:\n" + output;
        }
    }

    Path runDir() {
        return dir.resolve("run");
    }

    Path logDir() {
        return dir.resolve("logs");
    }

    Path dir() {
        return dir;
    }

    String clusterName() {
        return clusterName;
    }

    /**
     * Runs {@code bash bin/<script> args...} and waits for it. Stdout and stderr go, merged, to a file
     * in the temporary directory (so the process never blocks on a full pipe) and come back as
     * {@link Result#output()}.
     *
     * @throws AssertionError when the script runs past {@code timeout}; it is killed first
     */
    Result run(Duration timeout, String script, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", HOME.resolve("bin").resolve(script).toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("script-output").resolve(runs.incrementAndGet() + "-" + script + ".txt");
        try {
            Files.createDirectories(out.getParent());
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().keySet().removeIf(k -> k.startsWith("LODESTONE_"));
            pb.environment().putAll(env);
            long t0 = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + "; output:\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            rememberMemberPids();
            return new Result(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), took);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** The pid in {@code run/<member>.pid}, if that file exists and holds a number. */
    OptionalLong pidOf(String member) {
        Path f = runDir().resolve(member + ".pid");
        try {
            String digits = Files.readString(f, StandardCharsets.UTF_8).replaceAll("[^0-9]", "");
            return digits.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(digits));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** True while a process with this pid runs. */
    static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // a close that fails leaves nothing to clean up
                }
            }
        }
    }

    /** Stops every member this instance's scripts started: stop-member --all, then kill what is left, by pid. */
    @Override
    public void close() {
        rememberMemberPids();
        try {
            run(CLEANUP_TIMEOUT, "stop-member", "--all");
        } catch (AssertionError | RuntimeException e) {
            System.err.println("cleanup: stop-member --all failed: " + e.getMessage());
        }
        List<ProcessHandle> left = new ArrayList<>();
        memberPids.forEach(pid -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(left::add));
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().map(c -> c.contains(clusterName)).orElse(false))
                .forEach(left::add);
        for (ProcessHandle p : left) {
            System.err.println("cleanup: killing leftover process " + p.pid() + ": " + p.info().commandLine().orElse("?"));
            p.destroyForcibly();
        }
        for (ProcessHandle p : left) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                System.err.println("cleanup: process " + p.pid() + " did not exit after SIGKILL: " + e);
            }
        }
    }

    private void rememberMemberPids() {
        try (var files = Files.list(runDir())) {
            files.filter(f -> f.getFileName().toString().endsWith(".pid")).forEach(f -> {
                String name = f.getFileName().toString();
                pidOf(name.substring(0, name.length() - ".pid".length())).ifPresent(memberPids::add);
            });
        } catch (IOException e) {
            // no run/ directory yet: no member was started
        }
    }

    private static Path testClasses() {
        try {
            return Paths.get(Scripts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code lodestone.home} (set by grid-cli/pom.xml to the reactor root); when Maven was started inside
     * grid-cli, that property names grid-cli itself, so the module's parent is tried as well.
     */
    private static Path findHome() {
        List<Path> candidates = new ArrayList<>();
        String home = System.getProperty("lodestone.home");
        if (home != null && !home.isBlank()) {
            candidates.add(Paths.get(home));
        }
        String basedir = System.getProperty("basedir");
        if (basedir != null && !basedir.isBlank()) {
            candidates.add(Paths.get(basedir).resolve(".."));
        }
        candidates.add(Paths.get("..")); // failsafe runs in the module's directory
        for (Path c : candidates) {
            Path abs = c.toAbsolutePath().normalize();
            if (Files.isRegularFile(abs.resolve("bin/start-member")) && Files.isDirectory(abs.resolve("grid-cli/target/lib"))) {
                return abs;
            }
        }
        throw new IllegalStateException("cannot find the Lodestone home (bin/start-member and grid-cli/target/lib) in "
                + candidates + "; run 'mvn verify' from the repository root");
    }
}
