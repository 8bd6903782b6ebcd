package dev.lodestone.runtime.member;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.GlobalSerializerConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MemberAttributeConfig;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.lodestone.runtime.config.MemberSettings;
import dev.lodestone.runtime.data.MapCatalog;
import dev.lodestone.runtime.events.BatchPublisher;
import dev.lodestone.runtime.events.RingEventBus;
import dev.lodestone.runtime.events.TriggerRegistry;
import dev.lodestone.runtime.job.JobMaps;
import dev.lodestone.runtime.metrics.MetricsCodec;
import dev.lodestone.runtime.metrics.StatsLogLine;
import dev.lodestone.runtime.serial.KryoCodec;
import dev.lodestone.runtime.serial.KryoHazelcastSerializer;
import dev.lodestone.runtime.transport.Connection;
import dev.lodestone.runtime.transport.ConnectionClosedException;
import dev.lodestone.runtime.transport.Wire;
import dev.lodestone.scheduler.AgingPolicy;
import dev.lodestone.scheduler.Clock;
import dev.lodestone.scheduler.FairShare;
import dev.lodestone.scheduler.LocalityLadder;
import dev.lodestone.scheduler.MemberScheduler;
import dev.lodestone.scheduler.TaskQueue;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Lodestone member: an embedded Hazelcast member that holds partitions of the maps, plus the
 * task channel, the task queue and the workers.
 *
 * <p>Start order matters: the task port is bound first so it can be advertised as a Hazelcast
 * member attribute ({@link #ATTR_TASK_PORT}), which can only be set before Hazelcast starts.
 *
 * <p>Failure handling: {@link #close()} is the orderly path (SIGTERM): stop taking tasks, hand
 * queued ones back to their clients for re-routing, let running ones finish within the grace
 * period, then shut Hazelcast down gracefully so partitions and backups migrate before leaving.
 *
 * <p>THREADING: thread-safe; owns its accept thread, one reader thread per client connection, the
 * workers, and a stats-log timer.
 */
public final class LodestoneMember implements AutoCloseable {

    /** Member attribute: the member's name. */
    public static final String ATTR_NAME = "lodestone.name";
    /** Member attribute: the port of the member's task channel, on the member's cluster address. */
    public static final String ATTR_TASK_PORT = "lodestone.task.port";

    private static final Logger LOG = LoggerFactory.getLogger(LodestoneMember.class);

    private final String name;
    private final MemberSettings settings;
    private final KryoCodec codec;
    private final ServerSocketChannel server;
    private final HazelcastInstance hz;
    private final PartitionTable partitions;
    private final TaskExecutor executor;
    private final Stealer stealer;
    private final DurableTasks durable;
    private final TriggerRegistry triggers;
    /** Null unless {@code events.tasks} is on. */
    private final BatchPublisher taskEvents;
    private final BatchPublisher results;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledExecutorService statsLog;

    private LodestoneMember(String name, Config config, MemberSettings settings, KryoCodec codec, String bindHost)
            throws IOException {
        this.name = name;
        this.settings = settings;
        this.codec = codec;
        this.server = ServerSocketChannel.open();
        try {
            server.bind(new InetSocketAddress(bindHost, settings.taskPort()), 256);
        } catch (IOException e) {
            server.close();
            throw new IOException("member " + name + " could not bind its task port " + bindHost + ":" + settings.taskPort()
                    + " (task.port): " + e.getMessage(), e);
        }
        int taskPort = ((InetSocketAddress) server.getLocalAddress()).getPort();
        MemberAttributeConfig attrs = config.getMemberAttributeConfig();
        attrs.setAttribute(ATTR_NAME, name);
        attrs.setAttribute(ATTR_TASK_PORT, Integer.toString(taskPort));
        if (config.getInstanceName() == null) {
            config.setInstanceName(name); // unique per JVM in Hazelcast; an embedded cluster names its own
        }
        // Durable jobs' tasks and results: as many backups as configured, whatever the default map has.
        config.addMapConfig(new MapConfig(JobMaps.TASKS).setBackupCount(settings.jobsBackupCount()));
        config.addMapConfig(new MapConfig(JobMaps.JOBS).setBackupCount(settings.jobsBackupCount()));
        config.addMapConfig(new MapConfig(JobMaps.TALLIES).setBackupCount(settings.jobsBackupCount()));
        // Topics of the event bus: one ringbuffer each, events.capacity events, one backup.
        config.addRingBufferConfig(new RingbufferConfig(RingEventBus.PREFIX + "*").setCapacity(settings.eventsCapacity())
                .setBackupCount(1));
        config.getSerializationConfig().setGlobalSerializerConfig(new GlobalSerializerConfig()
                .setImplementation(new KryoHazelcastSerializer(codec)).setOverrideJavaSerialization(true));
        try {
            this.hz = Hazelcast.newHazelcastInstance(config);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        this.partitions = new PartitionTable(hz);
        // Partitions stay unassigned until first use, as Hazelcast intends: assigning them here would
        // give every partition to the first member and make each later one wait for a rebalance.
        MapCatalog maps = new MapCatalog(hz);
        MemberServices services = new MemberServices(hz, maps, partitions, new RingEventBus(hz, name, codec, maps));
        AgingPolicy aging = settings.agingStepMillis() == 0 ? AgingPolicy.strict()
                : AgingPolicy.every(Duration.ofMillis(settings.agingStepMillis()));
        MemberScheduler<MemberTask> scheduler = new MemberScheduler<>(
                TaskQueue.forPriorities(settings.queueCapacity(), Clock.system(), aging,
                        new FairShare(Duration.ofMillis(settings.fairShareHalfLifeMillis()))),
                new HazelcastBackend(hz), LocalityLadder.ofMillis(settings.localityWaitMillis()));
        this.executor = new TaskExecutor(name, settings.workerThreadsResolved(), scheduler, codec, services);
        this.stealer = new Stealer(this, settings.stealEnabled());
        executor.stealer(stealer);
        this.durable = new DurableTasks(name, hz, executor, partitions, settings.jobsSweepMillis());
        this.triggers = TriggerRegistry.start(hz, codec, name);
        this.taskEvents = settings.eventsTasks() ? BatchPublisher.taskEvents(hz, name) : null;
        if (taskEvents != null) {
            executor.metrics().publishEvents(taskEvents);
        }
        this.results = settings.eventsResults() ? BatchPublisher.results(hz, name) : null;
        if (results != null) {
            executor.outcomes().publishResults(results);
        }
        // A peer whose host vanished may leave its sockets half-open for hours: the cluster's word that it left
        // closes them, so its loans are queued again here and the tasks it lent us are cancelled.
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                // peers are connected lazily, when there is something to steal
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                peerLeft(HazelcastBackend.nameOf(e.getMember()));
            }
        });
        Thread accept = new Thread(this::acceptLoop, "lodestone-accept-" + name);
        accept.setDaemon(true);
        accept.start();
        this.statsLog = settings.statsLogIntervalSeconds() == 0 ? null : startStatsLog(settings.statsLogIntervalSeconds());
        LOG.info("member {} up: cluster '{}' at {}, task port {}, {} workers, queue capacity {}", name,
                config.getClusterName(), hz.getCluster().getLocalMember().getAddress(), taskPort,
                executor.workerThreads(), settings.queueCapacity());
    }

    /**
     * Starts a member. {@code config} is Hazelcast's configuration with every override applied;
     * it is modified (attributes, serializer, and the instance name, set to the member's name unless
     * the configuration already has one).
     *
     * @param bindHost the address the task channel listens on (the same interface as Hazelcast)
     */
    public static LodestoneMember start(String name, Config config, MemberSettings settings, KryoCodec codec,
                                        String bindHost) throws IOException {
        return new LodestoneMember(name, config, settings, codec, bindHost);
    }

    /** The member's name. */
    public String name() {
        return name;
    }

    /** True once {@link #close()} (or {@link #crash()}) has begun: the member takes no more tasks. */
    public boolean isStopping() {
        return closed.get();
    }

    /** The member's Hazelcast instance. */
    public HazelcastInstance hazelcast() {
        return hz;
    }

    /** The member's cluster address as {@code host:port}. */
    public String address() {
        var a = hz.getCluster().getLocalMember().getAddress();
        return a.getHost() + ":" + a.getPort();
    }

    /** The port of the member's task channel. */
    public int taskPort() {
        return server.socket().getLocalPort();
    }

    KryoCodec codec() {
        return codec;
    }

    TaskExecutor executor() {
        return executor;
    }

    PartitionTable partitions() {
        return partitions;
    }

    private void peerLeft(String peer) {
        stealer.peerLeft(peer);
        for (Connection c : connections) {
            if (c.attachment() instanceof ClientSession s && peer.equals(s.peerName())) {
                c.close();
            }
        }
    }

    Stealer stealer() {
        return stealer;
    }

    /** This member's id when it connects to a peer as a client would (peers never submit tasks under it). */
    long peerId() {
        return hz.getCluster().getLocalMember().getUuid().getMostSignificantBits() & Long.MAX_VALUE;
    }

    byte[] statsRecord(long requestId) {
        return Wire.stats(requestId, executor.queued(), executor.running(), executor.succeeded(), executor.failed(),
                executor.workerThreads(), partitions.ownedCount(), MetricsCodec.encode(executor.metrics().metrics().snapshot()));
    }

    private void acceptLoop() {
        while (!closed.get()) {
            try {
                SocketChannel ch = server.accept();
                Connection c = new Connection(ch, name + "<-" + ch.getRemoteAddress());
                ClientSession session = new ClientSession(c, this);
                c.attach(session);
                connections.add(c);
                c.onClose((conn, cause) -> {
                    connections.remove(conn);
                    session.onClosed();
                });
                if (closed.get()) { // accepted just as close() or crash() closed every connection it knew of
                    c.close();
                    continue;
                }
                c.startReader("lodestone-reader-" + name + "-" + ch.getRemoteAddress(), session::onFrame);
            } catch (IOException e) {
                if (!closed.get()) {
                    LOG.warn("member {}: accepting a task connection failed: {}", name, e.toString());
                }
            }
        }
    }

    private ScheduledExecutorService startStatsLog(int seconds) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lodestone-stats-" + name);
            t.setDaemon(true);
            return t;
        });
        StatsLogLine line = new StatsLogLine(executor.metrics().metrics());
        s.scheduleAtFixedRate(() -> LOG.info(line.next(name, executor.queued(), executor.running(), partitions.ownedCount())),
                seconds, seconds, TimeUnit.SECONDS);
        return s;
    }

    /** Orderly stop; see the class note. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("member {} stopping: handing back queued tasks, letting running ones finish (up to {} s)", name,
                settings.shutdownGraceSeconds());
        try { // clients refuse new work at once when every member says so, instead of bouncing it until we are gone
            hz.getMap(JobMaps.STOPPING).set(hz.getCluster().getLocalMember().getUuid().toString(), name,
                    Math.max(60, settings.shutdownGraceSeconds() * 2L), TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            LOG.debug("member {}: could not announce its stop: {}", name, e.toString());
        }
        long graceNanos = settings.shutdownGraceSeconds() * 1_000_000_000L;
        long start = System.nanoTime();
        boolean clean = executor.drain(settings.shutdownGraceSeconds() * 1000L);
        // Results of durable tasks that finished are stored before the partitions move, so none runs twice.
        if (!durable.awaitStored(Math.max(1_000, (graceNanos - (System.nanoTime() - start)) / 1_000_000L))) {
            LOG.warn("member {}: some durable results were not stored in time; those tasks will run again elsewhere", name);
        }
        stopJobsAndEvents(true);
        if (!clean) {
            LOG.warn("member {}: {} tasks still running after the grace period; they will be re-run elsewhere", name,
                    executor.running());
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing task port: {}", e.toString());
        }
        stealer.close();
        // Tell each client whether anything it has no answer for may have run here: after a clean drain nothing
        // did, so it re-routes those tasks without counting a failed attempt. Said before Hazelcast leaves, as
        // clients also learn of the leave from Hazelcast, and one that heard nothing from us by then would take
        // us for dead and count an attempt for every task we handed back.
        byte[] goodbye = Wire.goodbye(clean);
        for (Connection c : connections) {
            try {
                c.send(goodbye);
            } catch (ConnectionClosedException e) {
                LOG.debug("client left before goodbye: {}", c.description());
            }
        }
        try {
            hz.shutdown(); // graceful: waits for partitions to migrate, so backups are promoted first
        } finally {
            executor.close();
            for (Connection c : connections) {
                c.closeAfterFlush(1_000);
            }
            if (statsLog != null) {
                statsLog.shutdownNow();
            }
            LOG.info("member {} stopped", name);
        }
    }

    /** Stops durable tasks, triggers and the event publishers; {@code flush}: publishers write what they hold first. */
    private void stopJobsAndEvents(boolean flush) {
        durable.close();
        triggers.close();
        for (BatchPublisher p : new BatchPublisher[] {taskEvents, results}) {
            if (p != null && flush) {
                p.close();
            } else if (p != null) {
                p.abort();
            }
        }
    }

    /** Kills the member without any hand-over, as a crash would; for tests. */
    public void crash() {
        if (closed.compareAndSet(false, true)) {
            try {
                server.close();
            } catch (IOException e) {
                LOG.debug("closing task port: {}", e.toString());
            }
            connections.forEach(Connection::close);
            stopJobsAndEvents(false);
            stealer.close();
            hz.getLifecycleService().terminate();
            executor.close();
        }
    }
}
