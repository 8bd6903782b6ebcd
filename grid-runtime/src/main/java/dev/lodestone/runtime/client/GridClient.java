package dev.lodestone.runtime.client;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.KryoBufferUnderflowException;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.PartitionService;
import dev.lodestone.api.Grid;
import dev.lodestone.api.GridException;
import dev.lodestone.api.cluster.ClusterView;
import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.data.MapOptions;
import dev.lodestone.api.events.EventBus;
import dev.lodestone.api.job.JobHandle;
import dev.lodestone.api.job.JobOptions;
import dev.lodestone.api.metrics.GridMetrics;
import dev.lodestone.api.task.Affinity;
import dev.lodestone.api.task.Priority;
import dev.lodestone.api.task.RetryPolicy;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskFailedException;
import dev.lodestone.api.task.TaskHandle;
import dev.lodestone.api.task.TaskId;
import dev.lodestone.api.task.TaskRejectedException;
import dev.lodestone.api.task.TaskTimeoutException;
import dev.lodestone.runtime.data.MapCatalog;
import dev.lodestone.runtime.events.RingEventBus;
import dev.lodestone.runtime.job.JobMaps;
import dev.lodestone.runtime.metrics.ClientMetrics;
import dev.lodestone.runtime.serial.KryoCodec;
import dev.lodestone.runtime.serial.NotSerializableValueException;
import dev.lodestone.runtime.transport.Connection;
import dev.lodestone.runtime.transport.ConnectionClosedException;
import dev.lodestone.runtime.transport.Wire;
import dev.lodestone.scheduler.InFlightLimit;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Grid} a user holds: a Hazelcast client for membership, the partition table and maps,
 * plus one task connection per member.
 *
 * <p>Routing: a task with an affinity goes to the owner of its partition in the client's partition
 * table. If that table is stale the member answers WRONG_OWNER without running anything and the
 * task is routed again after a short back-off, until its routing budget is spent. When a member's
 * connection drops, the tasks that had no answer from it are routed again with attempt + 1
 * (at-least-once: a task may have run there before the member died).
 *
 * <p>THREADING: thread-safe. Submitting threads encode and send; each member link's reader thread
 * completes futures; one timer thread handles timeouts and back-offs.
 */
public final class GridClient implements Grid {

    private static final Logger LOG = LoggerFactory.getLogger(GridClient.class);
    /** A dense stream's tasks come at least this many per default allowance ({@link #sendTo}). */
    private static final int DENSE_RECORDS = 8;
    /**
     * How long a dense stream's SUBMIT records may wait to share a frame ({@link #sendTo}): property
     * {@code lodestone.send.defer.dense.us}, default five default allowances (1 ms), at most
     * {@code Connection.MAX_DEFER_NANOS}.
     */
    static final long DENSE_ALLOWANCE_NANOS = Math.min(Connection.MAX_DEFER_NANOS,
            Long.getLong("lodestone.send.defer.dense.us", 5 * Connection.DEFER_NANOS / 1_000) * 1_000L);

    /** How long a task may keep being bounced between stale owners before it is refused. */
    private static final long ROUTING_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** How long after the cluster reports a member gone its task connection may stay open. */
    private static final long LINK_CLOSE_AFTER_LEAVE_MILLIS = 5_000;
    /** How long a member that handed back a task without affinity is passed over for such tasks. */
    private static final long DRAINING_AVOID_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** A task bounced this often asks whether the whole cluster is stopping. */
    private static final int STOPPING_CHECK_AFTER_TRIES = 3;
    private static final long STOPPING_CACHE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final HazelcastInstance hz;
    private final KryoCodec codec;
    private final String name;
    private final long clientId;
    private final Runnable onClose;
    private final MapCatalog maps;
    private final Partition[] partitionsById;
    private final KeyPartitions keyPartitions;
    /** Keyed by UUID, not its string: routing looks a link up for every task and must not format one each time. */
    private final ConcurrentHashMap<UUID, MemberLink> links = new ConcurrentHashMap<>();
    /**
     * The cluster's data members, refreshed by the membership listener: routing reads it for every task, and
     * Hazelcast's {@code getMembers()} copies its member set on each call.
     */
    private volatile List<Member> dataMembers = List.of();
    private final Object dataMembersLock = new Object();
    private final ScheduledThreadPoolExecutor timer;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong statsRequests = new AtomicLong();
    private final ClientMetrics clientMetrics = new ClientMetrics();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ClusterViewImpl clusterView;
    private final DurableJobs durableJobs;
    private final RingEventBus events;
    private volatile StoppingCheck stoppingCheck;
    /** Tasks waiting on the timer to be routed again; failed by close() so no future is left hanging. */
    private final java.util.Set<PendingTask<?>> backingOff = ConcurrentHashMap.newKeySet();
    /** Backpressure: tasks submitted and not yet answered; room is given back when a task's future completes. */
    private final InFlightLimit inFlight;
    private final Duration submitTimeout;

    /**
     * @param hz      a connected Hazelcast client (or member) of the cluster
     * @param codec   the Kryo codec with the user's registrations
     * @param name    a name for logs and the members' view of this client
     * @param onClose what else to stop when this grid closes (embedded members), may be a no-op
     * @param inFlight      this client's bound on tasks in flight
     * @param submitTimeout how long a blocking submit waits for room under that bound
     */
    public GridClient(HazelcastInstance hz, KryoCodec codec, String name, Runnable onClose, InFlightLimit inFlight,
                      Duration submitTimeout) {
        this.hz = hz;
        this.inFlight = inFlight;
        this.submitTimeout = submitTimeout;
        this.codec = codec;
        this.name = name;
        this.onClose = onClose;
        this.maps = new MapCatalog(hz);
        this.clientId = hz.getFlakeIdGenerator("__lodestone.submitters").newId();
        Collection<Partition> partitions = hz.getPartitionService().getPartitions();
        this.partitionsById = new Partition[partitions.size()];
        for (Partition p : partitions) {
            partitionsById[p.getPartitionId()] = p; // live views of the client's partition table
        }
        PartitionService partitionService = hz.getPartitionService();
        this.keyPartitions = new KeyPartitions(key -> partitionService.getPartition(key).getPartitionId());
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "lodestone-timer-" + name);
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.clusterView = new ClusterViewImpl(this);
        this.durableJobs = new DurableJobs(hz, codec, name);
        this.events = new RingEventBus(hz, name, codec, maps);
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                refreshDataMembers(); // connected lazily, on the first task routed there
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                refreshDataMembers();
                // A stopping member says GOODBYE and closes its connections itself, and a dead one's socket
                // closes with it; this is the backstop for a member that is gone while its socket stays open.
                MemberLink link = links.get(event.getMember().getUuid());
                if (link != null && !closed.get()) {
                    try {
                        timer.schedule(link::close, LINK_CLOSE_AFTER_LEAVE_MILLIS, TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        link.close();
                    }
                }
            }
        });
        refreshDataMembers(); // after the listener is in place, so no change falls between the two
    }

    String name() {
        return name;
    }

    long clientId() {
        return clientId;
    }

    KryoCodec codec() {
        return codec;
    }

    ClientMetrics clientMetrics() {
        return clientMetrics;
    }

    HazelcastInstance hazelcast() {
        return hz;
    }

    int partitionCount() {
        return partitionsById.length;
    }

    Partition partition(int id) {
        return partitionsById[id];
    }

    // ---------------------------------------------------------------- submit

    @Override
    public <R> TaskHandle<R> submit(Task<R> task, SubmitOptions options) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(options, "options");
        PendingTask<R> t = prepare(task, options, null);
        clientMetrics.submitted(options.priority().ordinal(), 1);
        if (!awaitRoom(1)) {
            clientMetrics.rejected(options.priority().ordinal());
            throw noRoom(t, submitTimeout);
        }
        dispatchAdmitted(List.of(t));
        return t;
    }

    @Override
    public <R> TaskHandle<R> submitAsync(Task<R> task, SubmitOptions options) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(options, "options");
        PendingTask<R> t = prepare(task, options, null);
        clientMetrics.submitted(options.priority().ordinal(), 1);
        if (!inFlight.tryAcquire(1)) {
            t.future.completeExceptionally(noRoom(t, Duration.ZERO));
            return t;
        }
        dispatchAdmitted(List.of(t));
        return t;
    }

    @Override
    public <R> List<TaskHandle<R>> submitAll(List<Submission<R>> submissions) {
        List<PendingTask<?>> prepared = new ArrayList<>(submissions.size());
        List<TaskHandle<R>> handles = new ArrayList<>(submissions.size());
        for (Submission<R> s : submissions) {
            PendingTask<R> t = prepare(s.task(), s.options(), null); // any refusal here leaves nothing sent
            prepared.add(t);
            handles.add(t);
        }
        countSubmitted(prepared);
        dispatchWithinLimit(prepared);
        return handles;
    }

    /**
     * Sends {@code tasks} in parts that fit the in-flight limit, each part waiting for room; when a part
     * gets no room within the submit timeout, it and every later task fail with the reason.
     */
    private void dispatchWithinLimit(List<PendingTask<?>> tasks) {
        // A batch that fits goes as one; a larger one in halves of the limit, so a part can go as soon as half the room frees.
        int part = tasks.size() <= inFlight.limit() ? Math.max(1, tasks.size()) : Math.max(1, inFlight.limit() / 2);
        for (int from = 0; from < tasks.size(); from += part) {
            List<PendingTask<?>> slice = tasks.subList(from, Math.min(tasks.size(), from + part));
            boolean room;
            try {
                room = awaitRoom(slice.size());
            } catch (TaskRejectedException interrupted) {
                if (from == 0) {
                    throw interrupted; // nothing sent yet: the caller learns it from the call
                }
                // Earlier parts are on their way: the caller needs their handles, so the rest fail in theirs.
                for (PendingTask<?> t : tasks.subList(from, tasks.size())) {
                    t.future.completeExceptionally(interrupted);
                }
                return;
            }
            if (!room) {
                for (PendingTask<?> t : tasks.subList(from, tasks.size())) {
                    t.future.completeExceptionally(noRoom(t, submitTimeout));
                }
                return;
            }
            dispatchAdmitted(new ArrayList<>(slice));
        }
    }

    /** Waits for room for {@code n} tasks, up to the submit timeout; false when none came. */
    private boolean awaitRoom(int n) {
        if (Thread.currentThread().isInterrupted() && inFlight.tryAcquire(n)) {
            return true; // a pending interrupt is the caller's business, not a reason to refuse a task that fits now
        }
        try {
            // Only the timed acquire honours the semaphore's fairness: a plain tryAcquire would let single
            // submits barge past a batch that is waiting for room.
            return inFlight.acquire(n, submitTimeout.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskRejectedException("client " + name + " was interrupted while waiting for room to submit ("
                    + inFlight.describe() + ")");
        }
    }

    private TaskRejectedException noRoom(PendingTask<?> t, Duration waited) {
        return new TaskRejectedException("task " + t.id + " refused: client " + name + " has " + inFlight.describe()
                + " (ConnectOptions.maxInFlight " + inFlight.limit() + ")"
                + (waited.isZero() ? ", and submitAsync does not wait" : "; no room within the submit timeout of "
                + waited.toMillis() + " ms"));
    }

    /** Sends tasks that already hold room under the in-flight limit; each gives its room back when answered. */
    private void dispatchAdmitted(List<PendingTask<?>> tasks) {
        for (PendingTask<?> t : tasks) {
            t.holdRoom(inFlight);
        }
        dispatch(tasks);
    }

    @Override
    public <R> List<TaskHandle<R>> broadcast(Task<R> task, SubmitOptions options) {
        if (options.affinity() != null) {
            throw new IllegalArgumentException("a broadcast runs on every member; it cannot have an affinity (" + options.affinity()
                    + ")");
        }
        List<PendingTask<?>> prepared = new ArrayList<>();
        List<TaskHandle<R>> handles = new ArrayList<>();
        byte[] payload = encodeTask(task);
        for (Member m : dataMembers()) {
            PendingTask<R> t = new PendingTask<>(this, nextId(), payload, options, -1, m.getUuid());
            prepared.add(t);
            handles.add(t);
        }
        countSubmitted(prepared);
        dispatchWithinLimit(prepared);
        return handles;
    }

    private void countSubmitted(List<PendingTask<?>> tasks) {
        for (PendingTask<?> t : tasks) {
            clientMetrics.submitted(t.options.priority().ordinal(), 1);
        }
    }

    private <R> PendingTask<R> prepare(Task<R> task, SubmitOptions options, UUID pinned) {
        ensureOpen();
        int partition = partitionOf(options.affinity());
        byte[] payload = encodeTask(task);
        return new PendingTask<>(this, nextId(), payload, options, partition, pinned);
    }

    private TaskId nextId() {
        return new TaskId(clientId, sequence.incrementAndGet());
    }

    private byte[] encodeTask(Object task) {
        Objects.requireNonNull(task, "task");
        byte[] payload;
        try {
            payload = codec.encode(task);
        } catch (NotSerializableValueException e) {
            throw new TaskRejectedException("task " + task.getClass().getName() + " refused: " + e.getMessage(), e);
        }
        if (payload.length > Connection.MAX_RECORD) {
            throw new TaskRejectedException("task " + task.getClass().getName() + " refused: it serializes to "
                    + payload.length + " bytes, more than the " + Connection.MAX_RECORD + " a task may carry; put large"
                    + " inputs in a map and pass their keys");
        }
        return payload;
    }

    private int partitionOf(Affinity affinity) {
        if (affinity == null) {
            return -1;
        }
        if (affinity.mapName() != null) {
            maps.requireExists(affinity.mapName());
        }
        if (!affinity.hasKey()) {
            if (affinity.partition() >= partitionsById.length) {
                throw new TaskRejectedException("partition " + affinity.partition() + " does not exist: the cluster has "
                        + partitionsById.length + " partitions (0.." + (partitionsById.length - 1) + ")");
            }
            return affinity.partition();
        }
        try {
            return keyPartitions.partitionOf(affinity.key());
        } catch (RuntimeException e) {
            throw new TaskRejectedException("the affinity key " + affinity.key() + " of map '" + affinity.mapName()
                    + "' cannot be serialized: " + e.getMessage(), e);
        }
    }

    /** Routes and sends tasks, grouping them per member so each member gets one frame per burst. */
    private void dispatch(List<PendingTask<?>> tasks) {
        if (tasks.size() == 1) { // a single submit: no grouping to allocate
            PendingTask<?> t = tasks.get(0);
            MemberLink link = admit(t);
            if (link != null) {
                sendTo(link, tasks);
            }
            return;
        }
        Map<MemberLink, List<PendingTask<?>>> perLink = new IdentityHashMap<>();
        for (PendingTask<?> t : tasks) {
            MemberLink link = admit(t);
            if (link != null) {
                perLink.computeIfAbsent(link, k -> new ArrayList<>()).add(t);
            }
        }
        perLink.forEach(this::sendTo);
    }

    /** Routes one task and records it in flight on its link; null when it failed or waits to be routed again. */
    private MemberLink admit(PendingTask<?> t) {
        if (closed.get()) {
            fail(t, closedError(t));
            return null;
        }
        if (t.deadlineNanos != 0 && t.timeout == null) {
            try {
                t.timeout = timer.schedule(() -> onTimeout(t), t.deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                fail(t, closedError(t)); // the timer stops only when this grid closes
                return null;
            }
        }
        MemberLink link;
        try {
            link = route(t);
        } catch (RetryLater e) {
            retryLater(t, e.getMessage());
            return null;
        } catch (RuntimeException e) {
            fail(t, e);
            return null;
        }
        if (link.taskRefusal != null) {
            fail(t, new TaskRejectedException("task " + t.id + " refused: " + link.taskRefusal));
            return null;
        }
        t.target = link;
        link.inFlight.put(t.seq, t);
        return link;
    }

    /**
     * Writes the SUBMIT records of tasks routed to {@code link}, at once or deferred, to share a frame (and a wake-up
     * on each side) with the next ones:
     * <ul>
     * <li>a <em>dense</em> stream, eight or more tasks sent to this link in the last window of one default allowance
     * ({@link MemberLink#recordsLastWindow}), waits up to {@link #DENSE_ALLOWANCE_NANOS}, whether or not the member
     * is busy: at tens of thousands of tasks a second a frame per round trip costs more CPU than the tasks;</li>
     * <li>a slower stream, two or more per allowance, waits up to {@code Connection.DEFER_NANOS}, and only while the
     * member still has unanswered tasks of this client;</li>
     * <li>a task sent to an idle member at a slower pace, a batch of {@link #DENSE_RECORDS} or more, and any task
     * above {@link Priority#NORMAL}, go at once.</li>
     * </ul>
     * Held records go with the first send after their allowance, when the flusher finds them due, or once the member
     * has answered everything else and they have waited half of it. Records held by a result callback on a link's
     * reader thread (a pipeline that submits as answers come) go when that reader has handled its frame, if their
     * member has nothing else to answer: no answer would come to release them.
     */
    private void sendTo(MemberLink link, List<PendingTask<?>> sent) {
        int n = sent.size();
        byte[] single = null; // a single submit, the common case, allocates no list
        List<byte[]> records = null;
        boolean urgent = false;
        if (n == 1) {
            single = submitRecord(sent.get(0));
            urgent = sent.get(0).options.priority().compareTo(Priority.NORMAL) > 0;
        } else {
            records = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                PendingTask<?> t = sent.get(i);
                records.add(submitRecord(t));
                urgent |= t.options.priority().compareTo(Priority.NORMAL) > 0;
            }
        }
        Connection c = link.connection();
        try {
            long gap = link.noteSend(System.nanoTime(), n);
            long allowance;
            if (urgent || n >= DENSE_RECORDS) { // a batch fills a frame by itself
                allowance = 0;
            } else if (link.recordsLastWindow() >= DENSE_RECORDS) {
                allowance = DENSE_ALLOWANCE_NANOS;
            } else if (gap < Connection.DEFER_NANOS / 2 && link.unansweredOnMember() > n) {
                allowance = Connection.DEFER_NANOS;
            } else {
                allowance = 0;
            }
            if (single != null ? c.send(single, allowance) : c.sendAll(records, allowance)) {
                MemberLink reading = MemberLink.readingNow();
                if (reading != null) {
                    reading.heldByCallback(link);
                }
            }
        } catch (ConnectionClosedException e) {
            LOG.debug("{} closed while sending; its tasks are routed again", link);
        }
        if (c.isClosed() || closed.get()) {
            reclaim(link, sent);
            return;
        }
        // A cancel or timeout that raced this send may have gone to the previous target, or ahead of the
        // SUBMIT on this link where the member ignored it: say it again, after the SUBMIT.
        for (int i = 0; i < n; i++) {
            PendingTask<?> t = sent.get(i);
            if (t.future.isDone() && link.inFlight.get(t.seq) == t) {
                try {
                    c.send(Wire.cancel(t.seq));
                } catch (ConnectionClosedException e) {
                    LOG.debug("{} closed while re-sending a cancel", link);
                }
            }
        }
    }

    /**
     * The link closed (or this grid is closing) around the moment these tasks were handed to it;
     * its close handler may already have taken its snapshot of {@code inFlight}. Whatever is still
     * there has nobody to answer it: this sender takes it back. Removing from the map decides who
     * owns each task, so none is handled twice.
     */
    private void reclaim(MemberLink link, List<PendingTask<?>> sent) {
        for (PendingTask<?> t : sent) {
            if (link.inFlight.remove(t.seq, t)) {
                if (closed.get()) {
                    fail(t, closedError(t));
                } else {
                    retryLater(t, "connection to member " + link.info.name() + " closed while sending");
                }
            }
        }
    }

    private byte[] submitRecord(PendingTask<?> t) {
        SubmitOptions o = t.options;
        int flags = t.pinnedMember != null ? Wire.FLAG_PINNED : 0;
        return Wire.submit(t.seq, t.attempt, o.priority().ordinal(), o.locality().ordinal(), flags, t.partition, t.mapName,
                t.remainingMillis(), t.payload);
    }

    private MemberLink route(PendingTask<?> t) {
        UUID uuid;
        if (t.pinnedMember != null) {
            uuid = t.pinnedMember;
            if (dataMembers().stream().noneMatch(m -> m.getUuid().equals(uuid))) {
                throw new GridException("member " + uuid + " left before " + t + " (a broadcast) could run there");
            }
        } else if (t.partition >= 0) {
            Member owner = partitionsById[t.partition].getOwner();
            if (owner == null) {
                throw new RetryLater("partition " + t.partition + " has no owner right now");
            }
            uuid = owner.getUuid();
        } else {
            uuid = leastLoaded();
        }
        return link(uuid);
    }

    private UUID leastLoaded() {
        UUID best = null;
        long bestLoad = Long.MAX_VALUE;
        long now = System.nanoTime();
        for (Member m : dataMembers) {
            UUID uuid = m.getUuid();
            MemberLink l = links.get(uuid);
            long load = l == null ? 0 : l.inFlight.size();
            if (l != null && l.avoidUntilNanos - now > 0) {
                load += Integer.MAX_VALUE; // draining: only if every member is
            }
            if (load < bestLoad) {
                best = uuid;
                bestLoad = load;
            }
        }
        if (best == null) {
            throw new RetryLater("the cluster has no data members");
        }
        return best;
    }

    /** The cluster's data members (not lite members), oldest first; an immutable snapshot. */
    List<Member> dataMembers() {
        return dataMembers;
    }

    /**
     * Runs on Hazelcast's event thread and once at start; the list it reads is already updated. Under its own lock
     * (not this client's, which {@link #link} holds while it connects) so that of two refreshes, at start and on a
     * first event, the one that read later also writes later.
     */
    private void refreshDataMembers() {
        synchronized (dataMembersLock) {
            List<Member> out = new ArrayList<>();
            for (Member m : hz.getCluster().getMembers()) {
                if (!m.isLiteMember()) {
                    out.add(m);
                }
            }
            dataMembers = List.copyOf(out);
        }
    }

    /** The open link to a member, connecting on first use. */
    MemberLink link(UUID uuid) {
        MemberLink link = links.get(uuid);
        if (link != null && link.isOpen()) {
            return link;
        }
        synchronized (this) {
            link = links.get(uuid);
            if (link != null && link.isOpen()) {
                return link;
            }
            ensureOpen();
            Member member = null;
            for (Member m : hz.getCluster().getMembers()) {
                if (m.getUuid().equals(uuid)) {
                    member = m;
                }
            }
            if (member == null) {
                throw new RetryLater("member " + uuid + " is no longer in the cluster");
            }
            MemberLink fresh = new MemberLink(this, uuid, MemberLink.describe(member));
            try {
                fresh.connect();
            } catch (IOException e) {
                throw new RetryLater("cannot reach member " + fresh.info.name() + " at " + fresh.info.taskAddress() + ": "
                        + e.getMessage());
            }
            links.put(uuid, fresh);
            if (closed.get()) { // close() copied the links before this one was added
                fresh.close();
                throw new GridException("this grid client (" + name + ") is closed");
            }
            return fresh;
        }
    }

    // ---------------------------------------------------------------- results

    /** Handles one RESULT record; runs on the link's reader thread. */
    void onResult(MemberLink link, Input in) {
        long seq = in.readVarLong(true);
        byte status = in.readByte();
        int attempt = in.readVarInt(true);
        String ranOn = link.info.name();
        if ((status & Wire.RAN_ON) != 0) { // stolen: another member ran it, this one passes the result on
            ranOn = in.readString();
            status &= ~Wire.RAN_ON;
        }
        PendingTask<?> t = link.inFlight.remove(seq);
        switch (status) {
            case Wire.OK -> {
                // decoded in place: the frame stays valid through this call, and a copy per result was garbage
                int length = in.readVarInt(true);
                int at = in.position();
                if (length < 0 || length > in.limit() - at) {
                    throw new KryoBufferUnderflowException("a result of " + length + " bytes in a frame with "
                            + (in.limit() - at) + " left");
                }
                in.setPosition(at + length);
                if (t != null) {
                    t.executedOn = ranOn;
                    completeOk(t, in.getBuffer(), at, length, link);
                }
            }
            case Wire.FAILED -> {
                Wire.RemoteError[] chain = Wire.readFailure(in);
                if (t != null) {
                    t.executedOn = ranOn;
                    RetryPolicy retry = t.options.retry();
                    if (retry.onFailure() && t.attempt < retry.maxAttempts()) {
                        retryAfterFailure(t, retry.backoffAfter(t.attempt).toMillis());
                        return;
                    }
                    Wire.RemoteError top = chain[0];
                    fail(t, new TaskFailedException(t.id, ranOn, attempt, top.type(), top.message(), top.trace(),
                            Wire.causeChain(chain)));
                }
            }
            case Wire.TIMED_OUT -> {
                String where = in.readString();
                if (t != null) {
                    fail(t, new TaskTimeoutException(t.id, t.options.timeout(), where));
                }
            }
            case Wire.REJECTED -> {
                String message = in.readString();
                if (t != null) {
                    fail(t, new TaskRejectedException(message));
                }
            }
            case Wire.CANCELLED -> {
                if (t != null) {
                    fail(t, new TaskCancelled(t.id, link.info.name()));
                }
            }
            case Wire.WRONG_OWNER -> {
                if (t != null) {
                    if (t.partition < 0) { // a task without a partition comes back only from a draining member (or a full thief)
                        link.avoidUntilNanos = System.nanoTime() + DRAINING_AVOID_NANOS;
                    }
                    retryLater(t, "member " + link.info.name() + " does not own partition " + t.partition);
                }
            }
            default -> throw new IllegalStateException("unknown result status " + status + " from " + link.info.name());
        }
    }

    @SuppressWarnings("unchecked")
    private <R> void completeOk(PendingTask<R> t, byte[] frame, int offset, int length, MemberLink link) {
        cancelTimeout(t);
        Object value;
        try {
            value = codec.decode(frame, offset, length);
        } catch (RuntimeException | StackOverflowError e) { // any decode failure ends this task, not the link
            t.future.completeExceptionally(new GridException("the result of task " + t.id + " from member " + link.info.name()
                    + " cannot be read here: " + e.getMessage(), e));
            return;
        }
        t.future.complete((R) value);
    }

    private void fail(PendingTask<?> t, Throwable error) {
        cancelTimeout(t);
        t.future.completeExceptionally(error);
    }

    private static void cancelTimeout(PendingTask<?> t) {
        var f = t.timeout;
        if (f != null) {
            f.cancel(false);
        }
    }

    private void onTimeout(PendingTask<?> t) {
        if (t.future.completeExceptionally(new TaskTimeoutException(t.id, t.options.timeout(), "before its result arrived"))) {
            sendCancel(t);
        }
    }

    void sendCancel(PendingTask<?> t) {
        cancelTimeout(t);
        MemberLink link = t.target;
        if (link != null && link.isOpen()) {
            try {
                link.connection().send(Wire.cancel(t.seq));
            } catch (ConnectionClosedException e) {
                LOG.debug("cancel of {} not sent: {}", t, e.getMessage());
            }
        }
    }

    /** Routing failed or was refused for now: try again after a back-off, within the routing budget. */
    private void retryLater(PendingTask<?> t, String why) {
        if (t.future.isDone()) {
            return;
        }
        if (closed.get()) {
            fail(t, closedError(t));
            return;
        }
        int tries = ++t.routeTries;
        long now = System.nanoTime();
        if (tries == 1) {
            t.routingSince = now;
        } else if (now - t.routingSince > ROUTING_BUDGET_NANOS) {
            fail(t, new TaskRejectedException("task " + t.id + " could not be placed within "
                    + TimeUnit.NANOSECONDS.toSeconds(ROUTING_BUDGET_NANOS) + " s (" + tries + " tries): " + why));
            return;
        }
        if (tries >= STOPPING_CHECK_AFTER_TRIES) {
            String stopping = clusterStopping();
            if (stopping != null) {
                fail(t, new TaskRejectedException("task " + t.id + " refused: cluster '" + hz.getConfig().getClusterName()
                        + "' is shutting down (every member is stopping: " + stopping + "); nothing ran"));
                return;
            }
        }
        sendAgainAfter(t, Math.min(200, 1L << Math.min(tries, 8)));
    }

    /** Attempt {@code t.attempt} threw and the task's policy allows another: it is sent again after the back-off. */
    private void retryAfterFailure(PendingTask<?> t, long delayMillis) {
        if (t.future.isDone()) {
            return;
        }
        t.attempt++;
        t.routeTries = 0;
        sendAgainAfter(t, delayMillis);
    }

    /** Dispatches {@code t} again after {@code delayMillis} on the timer, unless it is done or this grid closes first. */
    private void sendAgainAfter(PendingTask<?> t, long delayMillis) {
        backingOff.add(t);
        try {
            timer.schedule(() -> {
                backingOff.remove(t);
                if (!t.future.isDone()) {
                    dispatch(List.of(t));
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            backingOff.remove(t);
            fail(t, closedError(t)); // the timer is shut down: this grid is closing
        }
        if (closed.get() && backingOff.remove(t)) {
            fail(t, closedError(t)); // close() ran between the caller's check and the add
        }
    }

    /**
     * The names of the data members when every one of them has announced a graceful stop, else null. Asked only
     * once a task has bounced a few times, and cached briefly, so routing never pays for it in steady state.
     */
    String clusterStopping() {
        long now = System.nanoTime();
        StoppingCheck last = stoppingCheck;
        if (last != null && now - last.atNanos < STOPPING_CACHE_NANOS) {
            return last.stopping;
        }
        String answer;
        try {
            java.util.Set<String> uuids = new java.util.HashSet<>();
            for (Member m : dataMembers()) {
                uuids.add(m.getUuid().toString());
            }
            Map<String, String> stopping = hz.<String, String>getMap(JobMaps.STOPPING).getAll(uuids);
            answer = !uuids.isEmpty() && stopping.size() == uuids.size() ? String.join(", ", new java.util.TreeSet<>(stopping.values()))
                    : null;
        } catch (RuntimeException e) { // the cluster is going away under the question
            answer = null;
        }
        stoppingCheck = new StoppingCheck(now, answer);
        return answer;
    }

    private record StoppingCheck(long atNanos, String stopping) {
    }

    /** A member's connection closed: everything it had not answered goes elsewhere. */
    void onLinkClosed(MemberLink link, Throwable cause) {
        links.remove(link.uuid, link);
        if (closed.get()) {
            return;
        }
        boolean ranNothing = link.leftCleanly;
        // Taken one by one: whoever removes a task from inFlight owns it, so a sender's reclaim and a
        // reader's WRONG_OWNER never handle the same task twice, and none is dropped in between.
        List<PendingTask<?>> orphans = new ArrayList<>();
        for (Long seq : link.inFlight.keySet()) {
            PendingTask<?> t = link.inFlight.remove(seq);
            if (t != null) {
                orphans.add(t);
            }
        }
        link.statsRequests.values().forEach(f -> f.completeExceptionally(new GridException("member " + link.info.name() + " left")));
        if (!orphans.isEmpty()) {
            LOG.warn("{} member {} with {} tasks unanswered; routing them again", ranNothing ? "graceful stop of" : "lost",
                    link.info.name(), orphans.size());
        }
        for (PendingTask<?> t : orphans) {
            if (t.future.isDone()) {
                continue;
            }
            t.routeTries = 0; // a member's loss starts a new routing episode: earlier bounces must not use up its budget
            if (t.pinnedMember != null) {
                fail(t, new GridException("member " + link.info.name() + " left before broadcast task " + t.id + " finished there"));
            } else if (ranNothing) {
                retryLater(t, "member " + link.info.name() + " left before running it");
            } else if (t.attempt >= t.options.retry().maxAttempts()) {
                fail(t, new GridException("task " + t.id + " was lost with member " + link.info.name() + " on attempt "
                        + t.attempt + " of " + t.options.retry().maxAttempts() + " (RetryPolicy.maxAttempts); not trying again"));
            } else {
                t.attempt++;
                retryLater(t, "member " + link.info.name() + " left");
            }
        }
    }

    @Override
    public EventBus events() {
        ensureOpen();
        return events;
    }

    // ---------------------------------------------------------------- durable jobs

    @Override
    public <R> JobHandle<R> submitJob(String jobName, List<Submission<R>> tasks, JobOptions options) {
        ensureOpen();
        String stopping = clusterStopping();
        if (stopping != null) {
            throw new GridException("job '" + jobName + "' refused: cluster '" + hz.getConfig().getClusterName() + "' is shutting"
                    + " down (every member is stopping: " + stopping + "); nothing was stored");
        }
        return durableJobs.submit(jobName, tasks, options, this::partitionOf, this::encodeTask);
    }

    @Override
    public <R> JobHandle<R> job(String jobId) {
        ensureOpen();
        return durableJobs.job(jobId);
    }

    // ---------------------------------------------------------------- maps, cluster, lifecycle

    @Override
    public <K, V> GridMap<K, V> map(String mapName) {
        ensureOpen();
        return maps.existing(mapName);
    }

    @Override
    public <K, V> GridMap<K, V> createMap(String mapName, MapOptions options) {
        ensureOpen();
        return maps.create(mapName, options);
    }

    @Override
    public ClusterView cluster() {
        return clusterView;
    }

    @Override
    public GridMetrics metrics() {
        ensureOpen();
        return MetricsQuery.collect(this);
    }

    long nextStatsRequest() {
        return statsRequests.incrementAndGet();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(hz)) {
            return type.cast(hz);
        }
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("this grid has no " + type.getName() + "; it can unwrap to HazelcastInstance");
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new GridException("this grid client (" + name + ") is closed");
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        durableJobs.close();
        Map<UUID, MemberLink> open = new HashMap<>(links);
        links.clear();
        for (MemberLink link : open.values()) {
            link.close();
            for (PendingTask<?> t : link.inFlight.values()) {
                t.future.completeExceptionally(closedError(t));
            }
        }
        for (PendingTask<?> t : backingOff) {
            t.future.completeExceptionally(closedError(t));
        }
        backingOff.clear();
        try {
            hz.shutdown();
        } finally {
            onClose.run();
        }
    }

    private GridException closedError(PendingTask<?> t) {
        return new GridException("grid client " + name + " closed before task " + t.id + " finished");
    }

    /** Routing is not possible right now (no owner, member gone); the task is tried again shortly. */
    static final class RetryLater extends GridException {
        private static final long serialVersionUID = 1L;

        RetryLater(String message) {
            super(message);
        }
    }
}
