package dev.lodestone.bench;

import dev.lodestone.api.ConnectOptions;
import dev.lodestone.api.Grid;
import dev.lodestone.api.Lodestone;
import dev.lodestone.api.task.TaskHandle;
import dev.lodestone.bench.tasks.MemberFacts;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * One run of a scenario: its options, its report, its progress log, and everything it started: member clusters
 * and client connections, closed in reverse order by {@link #close()} (also from the shutdown hook on Ctrl-C).
 *
 * <pre>{@code
 * LocalCluster c = run.cluster("steal", 2, Map.of("steal.enabled", "true"));
 * Grid grid = run.connect(c);       // waits until the client sees every member
 * ...
 * run.release(c);                   // stop these members now, before the next phase
 * }</pre>
 *
 * <p>THREADING: used by the scenario's thread; {@link #close()} is synchronized and idempotent because the
 * shutdown hook may call it at the same time: the second caller waits until the members are stopped.
 */
final class BenchRun implements AutoCloseable {

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration FACTS_TIMEOUT = Duration.ofSeconds(30);

    private final Params params;
    private final int warmups;
    private final Path home;
    private final Path sourceConf;
    private final Path runBase;
    private final PrintStream log;
    private final Report report;
    private final long startNanos = System.nanoTime();
    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private final List<LocalCluster> clusters = new ArrayList<>();
    private boolean machineKnown;
    private volatile boolean closed;

    /**
     * @param home       the Lodestone home ({@code bin/}, {@code conf/}, {@code grid-cli/target/lib})
     * @param sourceConf the configuration the members' copies start from
     * @param runBase    where each cluster's directory goes ({@code LODESTONE_RUN_DIR} or {@code <home>/run})
     * @param log        progress lines (stderr)
     */
    BenchRun(Scenario scenario, Params params, Path home, Path sourceConf, Path runBase, PrintStream log) {
        this.params = params;
        this.warmups = params.quick() ? 1 : params.has(BenchMain.WARMUP) ? params.integer(BenchMain.WARMUP) : scenario.warmupRounds();
        this.home = home;
        this.sourceConf = sourceConf;
        this.runBase = runBase;
        this.log = log;
        this.report = new Report(scenario.name(), scenario.summary(), Machine.here());
        params.typed().forEach((k, v) -> {
            if (!k.equals(BenchMain.JSON) && !k.equals(BenchMain.KEEP_FILES)) {
                report.param(k, v);
            }
        });
        report.param(BenchMain.WARMUP, (long) warmups);
    }

    Params params() {
        return params;
    }

    Report report() {
        return report;
    }

    boolean quick() {
        return params.quick();
    }

    int rounds() {
        return params.integer(BenchMain.ROUNDS);
    }

    /** Warm-up rounds of each side: {@code --warmup}, else the scenario's ({@link Scenario#warmupRounds()}); 1 when quick. */
    int warmups() {
        return warmups;
    }

    /** A progress line on stderr, with the seconds since the run began. */
    void log(String line) {
        log.printf(Locale.ROOT, "[bench %6.1fs] %s%n", (System.nanoTime() - startNanos) / 1e9, line);
        log.flush();
    }

    /**
     * The member settings every scenario's members get from the common options ({@code --workers}), plus
     * {@code extra}.
     */
    Map<String, String> memberSettings(Map<String, String> extra) {
        Map<String, String> s = new LinkedHashMap<>();
        if (params.has(BenchMain.WORKERS)) {
            s.put("worker.threads", Integer.toString(params.integer(BenchMain.WORKERS)));
        }
        s.putAll(extra);
        return s;
    }

    /**
     * The {@code worker.threads} each of {@code members} members gets: {@code --workers}, or else cores / members.
     * Members on one machine stand in for members on machines of their own: together they get one worker per core,
     * not one per core each, or every member would fight every other for the CPU.
     */
    int workersPerMember(int members) {
        return params.has(BenchMain.WORKERS) ? params.integer(BenchMain.WORKERS)
                : Math.max(1, Runtime.getRuntime().availableProcessors() / members);
    }

    /**
     * Starts a cluster of member processes with these {@code lodestone.properties} settings (see
     * {@link #memberSettings}); it is stopped by {@link #release} or at the end of the run.
     *
     * @param tag a word for the cluster's name and directory ({@code bench-skew-steal-3fa2c1})
     */
    LocalCluster cluster(String tag, int members, Map<String, String> settings) {
        return cluster(tag, members, settings, UnaryOperator.identity());
    }

    /**
     * {@link #cluster(String, int, Map)} with the members' {@code hazelcast.yaml} copy edited by {@code hazelcast}
     * (such as {@link HazelcastTuning#applyTo}).
     */
    LocalCluster cluster(String tag, int members, Map<String, String> settings, UnaryOperator<String> hazelcast) {
        if (!settings.containsKey("worker.threads")) {
            settings = new LinkedHashMap<>(settings);
            settings.put("worker.threads", Integer.toString(workersPerMember(members)));
        }
        String name = "bench-" + report.scenario() + "-" + tag + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL | 0x1000000L).substring(1);
        log("starting " + members + " members (cluster " + name + ")" + (settings.isEmpty() ? "" : " with " + settings));
        synchronized (this) {
            if (closed) {
                throw new BenchException("the run is closing");
            }
        }
        LocalCluster c = LocalCluster.start(home, sourceConf, runBase.resolve(name), name, members, settings, hazelcast,
                params.text(BenchMain.MEMBER_HEAP), this::log);
        register(c);
        synchronized (this) {
            clusters.add(c);
        }
        return c;
    }

    /**
     * Connects a client (a {@link Grid}) to the cluster and waits until it sees every member. The first connection of
     * the run also asks the members about their JVMs, for the report's machine line.
     */
    Grid connect(LocalCluster cluster) {
        return connect(cluster, UnaryOperator.identity());
    }

    /**
     * {@link #connect(LocalCluster)} with other connection options, such as a larger
     * {@link ConnectOptions#withMaxInFlight in-flight limit}.
     */
    Grid connect(LocalCluster cluster, UnaryOperator<ConnectOptions> options) {
        Grid grid = Lodestone.connect(options.apply(cluster.connectOptions()));
        register(grid);
        GridWaits.members(grid, cluster.memberNames().size(), JOIN_TIMEOUT);
        if (!machineKnown) {
            List<MemberFacts.Facts> facts = new ArrayList<>();
            for (TaskHandle<MemberFacts.Facts> h : grid.broadcast(new MemberFacts())) {
                try {
                    facts.add(h.result().get(FACTS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
                } catch (Exception e) {
                    throw new BenchException("a member did not say what JVM it runs: " + e, e);
                }
            }
            report.machine(report.machineInfo().withMembers(facts));
            machineKnown = true;
        }
        return grid;
    }

    /**
     * Starts a client of the cluster in a JVM of its own ({@link ClientProcess}), connected and seeing every member;
     * its log goes to the cluster's {@code logs/}. It is stopped by {@link #release} or at the end of the run.
     *
     * @param name a word for its log file and messages ({@code client-2})
     */
    ClientProcess clientProcess(LocalCluster cluster, String name) {
        synchronized (this) {
            if (closed) {
                throw new BenchException("the run is closing");
            }
        }
        String logback = System.getProperty("logback.configurationFile");
        if (logback == null && Files.isRegularFile(sourceConf.resolve("logback-tools.xml"))) {
            logback = sourceConf.resolve("logback-tools.xml").toString();
        }
        log("starting " + name + " in a JVM of its own");
        ClientProcess c = ClientProcess.start(name, cluster, cluster.dir().resolve("logs"), logback, JOIN_TIMEOUT.multipliedBy(2),
                this::log);
        synchronized (this) {
            if (!closed) {
                register(c);
                return c;
            }
        }
        c.close();
        throw new BenchException("the run is closing");
    }

    /**
     * Has the run close {@code resource} at its end (or on Ctrl-C) with the clients and members, newest first, unless
     * {@link #release} closes it before.
     *
     * @return {@code resource}
     * @throws BenchException, after closing it, when the run is closing already
     */
    <T extends AutoCloseable> T track(T resource) {
        synchronized (this) {
            if (!closed) {
                register(resource);
                return resource;
            }
        }
        closeQuietly(resource);
        throw new BenchException("the run is closing");
    }

    /** Closes something this run opened, now (a cluster between two phases, a client). */
    void release(AutoCloseable resource) {
        synchronized (this) {
            open.remove(resource);
        }
        closeQuietly(resource);
    }

    private synchronized void register(AutoCloseable resource) {
        open.push(resource);
    }

    /** Clients first, then members: everything still open, newest first. */
    @Override
    public synchronized void close() {
        closed = true;
        while (!open.isEmpty()) {
            closeQuietly(open.pop());
        }
    }

    /** True once {@link #close()} began: what fails in the scenario after that is a consequence, not a cause. */
    boolean closing() {
        return closed;
    }

    /** True once every member JVM this run started has exited. */
    synchronized boolean allMembersStopped() {
        return clusters.stream().allMatch(LocalCluster::allStopped);
    }

    /** Removes the clusters' directories (configuration copies, pid files, logs). */
    synchronized void deleteFiles() {
        clusters.forEach(LocalCluster::deleteFiles);
    }

    /** The clusters' directories, where their logs are. */
    synchronized List<Path> clusterDirs() {
        return clusters.stream().map(LocalCluster::dir).toList();
    }

    private void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log("closing " + c + " failed: " + e);
        }
    }
}
