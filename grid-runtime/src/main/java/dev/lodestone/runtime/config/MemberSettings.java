package dev.lodestone.runtime.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Lodestone's own settings for one member, typed and checked: the one place that knows their keys,
 * defaults and rules. Hazelcast's settings (cluster name, network, partitions, backups) are not here;
 * they stay in Hazelcast's own {@code conf/hazelcast.yaml}.
 *
 * <p>Values are taken from the defaults, then a file ({@code conf/lodestone.properties}), then flags or
 * environment variables, each checked by the same rule, so a bad value stops the member at start with the
 * key, the value and where it came from:
 *
 * <pre>{@code
 * MemberSettings settings = MemberSettings.load(Path.of("conf/lodestone.properties"))
 *         .withOverride("worker.threads", "8", "flag --worker-threads");
 * int workers = settings.workerThreadsResolved();
 * // a bad value: ConfigException "conf/lodestone.properties:12: worker.threads = -3: must be an integer >= 0"
 * }</pre>
 *
 * <p>Design: each setting is one {@link Setting} descriptor below (key, default, rule, description);
 * defaults, parsing, error text, {@link #keys()} and {@link #help()} are all derived from that list. Adding
 * a setting is its descriptor line, its record component, and its slot in {@code of(Map)}.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param memberName              {@code member.name}: the member's name in logs and thread names;
 *                                {@code ""} means derived at start
 * @param workerThreads           {@code worker.threads}: threads that run tasks; 0 means one per available core
 *                                (see {@link #workerThreadsResolved()})
 * @param queueCapacity           {@code queue.capacity}: tasks a member may hold queued before it refuses more
 * @param taskPort                {@code task.port}: the port of the member's task channel, advertised to clients
 *                                through the cluster; 0 means an ephemeral port
 * @param shutdownGraceSeconds    {@code shutdown.grace.seconds}: how long a stopping member lets running tasks finish
 * @param statsLogIntervalSeconds {@code stats.log.interval.seconds}: seconds between log lines with task counters;
 *                                0 means off
 * @param agingStepMillis         {@code aging.step.ms}: a priority level that has not been served for this long
 *                                counts one level higher; 0 means strict priority (no aging)
 * @param fairShareHalfLifeMillis {@code fair.share.halflife.ms}: within a priority level, the client with the
 *                                least recent service goes first, each task it was given counting half as much
 *                                after this long; 0 means plain round robin between clients
 * @param localityWaitMillis      {@code locality.wait.ms}: how long a task with a loose locality waits at its
 *                                partition's owner before a backup holder may take it, and as long again before
 *                                any member may
 * @param stealEnabled            {@code steal.enabled}: whether this member takes part in work stealing: takes
 *                                queued tasks from loaded members when idle, and offers its movable tasks when busy
 * @param jobsBackupCount         {@code jobs.backup.count}: backups of durable jobs' tasks and results (every member
 *                                must agree); a job survives the death of this many members at once
 * @param jobsSweepMillis         {@code jobs.sweep.interval.ms}: how often a member looks through its partitions for
 *                                durable tasks to run that no event announced (besides after each membership change)
 * @param eventsCapacity          {@code events.capacity}: events each topic's buffer holds; a subscriber further behind
 *                                misses the oldest (and is told how many)
 * @param eventsTasks             {@code events.tasks}: whether this member publishes task lifecycle events on the bus
 * @param eventsResults           {@code events.results}: whether this member publishes task results on the bus
 */
public record MemberSettings(String memberName,
                             int workerThreads,
                             int queueCapacity,
                             int taskPort,
                             int shutdownGraceSeconds,
                             int statsLogIntervalSeconds,
                             int agingStepMillis,
                             int fairShareHalfLifeMillis,
                             int localityWaitMillis,
                             boolean stealEnabled,
                             int jobsBackupCount,
                             int jobsSweepMillis,
                             int eventsCapacity,
                             boolean eventsTasks,
                             boolean eventsResults) {

    private static final int MAX_NAME_LENGTH = 64;

    // Names end up in thread names and log lines, where a space or control character breaks grep and parsing.
    private static final Predicate<String> NAME_OK = v -> v.length() <= MAX_NAME_LENGTH
            && v.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));

    static final Setting<MemberSettings, String> MEMBER_NAME = Setting.text("member.name", "", NAME_OK,
            "must be at most " + MAX_NAME_LENGTH + " characters, without spaces",
            "the member's name in logs and thread names; empty: derived at start", MemberSettings::memberName);
    static final Setting<MemberSettings, Integer> WORKER_THREADS = Setting.integer("worker.threads", 0, 0, Integer.MAX_VALUE,
            "threads that run tasks; 0: one per available core", MemberSettings::workerThreads);
    static final Setting<MemberSettings, Integer> QUEUE_CAPACITY = Setting.integer("queue.capacity", 2_000_000, 1, 100_000_000,
            "tasks a member may hold queued before it refuses more", MemberSettings::queueCapacity);
    static final Setting<MemberSettings, Integer> TASK_PORT = Setting.integer("task.port", 0, 0, 65_535,
            "port of the member's task channel, advertised to clients; 0: an ephemeral port", MemberSettings::taskPort);
    static final Setting<MemberSettings, Integer> SHUTDOWN_GRACE_SECONDS = Setting.integer("shutdown.grace.seconds", 30, 0, 3_600,
            "seconds a stopping member lets running tasks finish", MemberSettings::shutdownGraceSeconds);
    static final Setting<MemberSettings, Integer> STATS_LOG_INTERVAL_SECONDS = Setting.integer("stats.log.interval.seconds",
            0, 0, 86_400, "seconds between log lines with task counters; 0: off", MemberSettings::statsLogIntervalSeconds);

    static final Setting<MemberSettings, Integer> AGING_STEP_MS = Setting.integer("aging.step.ms", 500, 0, 3_600_000,
            "a priority level not served for this long counts one level higher; 0: strict priority",
            MemberSettings::agingStepMillis);
    static final Setting<MemberSettings, Integer> FAIR_SHARE_HALF_LIFE_MS = Setting.integer("fair.share.halflife.ms", 1_000, 0,
            3_600_000, "within a level, least recent service first; a task given counts half after this long; 0: round robin",
            MemberSettings::fairShareHalfLifeMillis);
    static final Setting<MemberSettings, Integer> LOCALITY_WAIT_MS = Setting.integer("locality.wait.ms", 20, 0, 3_600_000,
            "wait at the owner before a backup holder may take a loose task, and again before any member may",
            MemberSettings::localityWaitMillis);
    static final Setting<MemberSettings, Boolean> STEAL_ENABLED = Setting.bool("steal.enabled", true,
            "whether this member steals when idle and offers its movable tasks when busy", MemberSettings::stealEnabled);

    static final Setting<MemberSettings, Integer> JOBS_BACKUP_COUNT = Setting.integer("jobs.backup.count", 1, 0, 6,
            "backups of durable jobs' tasks and results; every member must agree", MemberSettings::jobsBackupCount);
    static final Setting<MemberSettings, Integer> JOBS_SWEEP_MS = Setting.integer("jobs.sweep.interval.ms", 10_000, 100,
            3_600_000, "how often a member looks for durable tasks no event announced", MemberSettings::jobsSweepMillis);

    static final Setting<MemberSettings, Integer> EVENTS_CAPACITY = Setting.integer("events.capacity", 100_000, 10, 100_000_000,
            "events each topic's buffer holds; a subscriber further behind misses the oldest", MemberSettings::eventsCapacity);

    static final Setting<MemberSettings, Boolean> EVENTS_TASKS = Setting.bool("events.tasks", false,
            "whether this member publishes task lifecycle events on the event bus", MemberSettings::eventsTasks);
    static final Setting<MemberSettings, Boolean> EVENTS_RESULTS = Setting.bool("events.results", false,
            "whether this member publishes the results of the tasks it runs on the event bus", MemberSettings::eventsResults);

    private static final List<Setting<MemberSettings, ?>> SETTINGS = List.of(
            MEMBER_NAME, WORKER_THREADS, QUEUE_CAPACITY, TASK_PORT, SHUTDOWN_GRACE_SECONDS, STATS_LOG_INTERVAL_SECONDS,
            AGING_STEP_MS, FAIR_SHARE_HALF_LIFE_MS, LOCALITY_WAIT_MS, STEAL_ENABLED, JOBS_BACKUP_COUNT, JOBS_SWEEP_MS,
            EVENTS_CAPACITY, EVENTS_TASKS, EVENTS_RESULTS);

    private static final Map<String, Setting<MemberSettings, ?>> BY_KEY = SETTINGS.stream()
            .collect(Collectors.toUnmodifiableMap(Setting::key, Function.identity()));

    private static final List<String> KEYS = SETTINGS.stream().map(Setting::key).toList();

    /**
     * Every setting at its default.
     *
     * <pre>{@code
     * MemberSettings.DEFAULTS.queueCapacity(); // 2_000_000
     * }</pre>
     */
    public static final MemberSettings DEFAULTS = of(defaultValues());

    /**
     * Checks every value against its setting's rule.
     *
     * @throws IllegalArgumentException naming the key, the value and the rule it breaks
     */
    public MemberSettings {
        MEMBER_NAME.check(memberName);
        WORKER_THREADS.check(workerThreads);
        QUEUE_CAPACITY.check(queueCapacity);
        TASK_PORT.check(taskPort);
        SHUTDOWN_GRACE_SECONDS.check(shutdownGraceSeconds);
        STATS_LOG_INTERVAL_SECONDS.check(statsLogIntervalSeconds);
        AGING_STEP_MS.check(agingStepMillis);
        FAIR_SHARE_HALF_LIFE_MS.check(fairShareHalfLifeMillis);
        LOCALITY_WAIT_MS.check(localityWaitMillis);
        JOBS_BACKUP_COUNT.check(jobsBackupCount);
        JOBS_SWEEP_MS.check(jobsSweepMillis);
        EVENTS_CAPACITY.check(eventsCapacity);
    }

    /**
     * Every setting at its default; the same as {@link #DEFAULTS}.
     *
     * <pre>{@code
     * MemberSettings settings = MemberSettings.defaults().withOverride("task.port", "7000", "flag --task-port");
     * }</pre>
     */
    public static MemberSettings defaults() {
        return DEFAULTS;
    }

    /**
     * The defaults, with the values set in {@code file}. A key the file leaves out keeps its default.
     *
     * <pre>{@code
     * MemberSettings settings = MemberSettings.load(Path.of("conf/lodestone.properties"));
     * }</pre>
     *
     * @param file a {@code key = value} file; its path as given names it in errors
     * @throws ConfigException naming the file and line: the file cannot be read, a line is not
     *                         {@code key = value}, a key is unknown (with the closest known key) or repeated,
     *                         or a value breaks its rule
     */
    public static MemberSettings load(Path file) {
        SettingsFile settingsFile = SettingsFile.read(file, KEYS);
        Map<Setting<MemberSettings, ?>, Object> values = DEFAULTS.values();
        for (SettingsFile.Entry entry : settingsFile.entries()) {
            Setting<MemberSettings, ?> setting = BY_KEY.get(entry.key());
            values.put(setting, parse(setting, entry.value(), settingsFile.source(), entry.line()));
        }
        return of(values);
    }

    /**
     * A copy with one setting replaced by a value given as text, checked as a file value would be. For
     * flags and environment variables, which take precedence over the file.
     *
     * <pre>{@code
     * settings = settings.withOverride("worker.threads", "8", "flag --worker-threads");
     * settings = settings.withOverride("task.port", System.getenv("LODESTONE_TASK_PORT"), "env LODESTONE_TASK_PORT");
     * }</pre>
     *
     * @param key    one of {@link #keys()}
     * @param value  the value as given; surrounding whitespace is ignored
     * @param source where the value came from, used in errors: {@code flag --worker-threads}
     * @throws ConfigException {@code <source>: <key> = <value>: <problem>} when the key is unknown (with the
     *                         closest known key) or the value breaks its rule
     */
    public MemberSettings withOverride(String key, String value, String source) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        String raw = value.strip();
        Setting<MemberSettings, ?> setting = BY_KEY.get(key);
        if (setting == null) {
            throw new ConfigException(source, key, raw, SettingsFile.unknownKeyProblem(key, KEYS));
        }
        Map<Setting<MemberSettings, ?>, Object> values = values();
        values.put(setting, parse(setting, raw, source, 0));
        return of(values);
    }

    /**
     * The number of worker threads to start: {@link #workerThreads()}, or the available cores when that is 0.
     *
     * <pre>{@code
     * ExecutorService workers = newFixedThreadPool(settings.workerThreadsResolved(), factory);
     * }</pre>
     */
    public int workerThreadsResolved() {
        return workerThreads == 0 ? Runtime.getRuntime().availableProcessors() : workerThreads;
    }

    /**
     * {@link #shutdownGraceSeconds()} as a duration.
     *
     * <pre>{@code
     * workers.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
     * }</pre>
     */
    public Duration shutdownGrace() {
        return Duration.ofSeconds(shutdownGraceSeconds);
    }

    /**
     * {@link #statsLogIntervalSeconds()} as a duration; {@link Duration#ZERO} means no stats log line.
     *
     * <pre>{@code
     * if (!settings.statsLogInterval().isZero()) { timer.scheduleAtFixedRate(...); }
     * }</pre>
     */
    public Duration statsLogInterval() {
        return Duration.ofSeconds(statsLogIntervalSeconds);
    }

    /**
     * Every key, in the order of {@code conf/lodestone.properties}.
     *
     * <pre>{@code
     * MemberSettings.keys(); // [member.name, worker.threads, queue.capacity, ...]
     * }</pre>
     */
    public static List<String> keys() {
        return KEYS;
    }

    /**
     * One line per setting, with its default and what it does, for {@code --help}.
     *
     * <pre>{@code
     * System.out.print(MemberSettings.help());
     * // worker.threads (default 0): threads that run tasks; 0: one per available core
     * }</pre>
     */
    public static String help() {
        StringBuilder out = new StringBuilder();
        for (Setting<MemberSettings, ?> setting : SETTINGS) {
            String shown = String.valueOf(setting.defaultValue());
            out.append(setting.key())
                    .append(" (default ").append(shown.isEmpty() ? "empty" : shown).append("): ")
                    .append(setting.description())
                    .append('\n');
        }
        return out.toString();
    }

    private static Object parse(Setting<MemberSettings, ?> setting, String raw, String source, int line) {
        try {
            return setting.parse(raw);
        } catch (Setting.Invalid e) {
            throw new ConfigException(source, line, setting.key(), raw, e.getMessage());
        }
    }

    private static Map<Setting<MemberSettings, ?>, Object> defaultValues() {
        Map<Setting<MemberSettings, ?>, Object> values = new LinkedHashMap<>();
        for (Setting<MemberSettings, ?> setting : SETTINGS) {
            values.put(setting, setting.defaultValue());
        }
        return values;
    }

    /** A mutable copy of this record's values, keyed by setting. */
    private Map<Setting<MemberSettings, ?>, Object> values() {
        Map<Setting<MemberSettings, ?>, Object> values = new LinkedHashMap<>();
        for (Setting<MemberSettings, ?> setting : SETTINGS) {
            values.put(setting, setting.read(this));
        }
        return values;
    }

    private static MemberSettings of(Map<Setting<MemberSettings, ?>, Object> values) {
        return new MemberSettings(
                value(values, MEMBER_NAME),
                value(values, WORKER_THREADS),
                value(values, QUEUE_CAPACITY),
                value(values, TASK_PORT),
                value(values, SHUTDOWN_GRACE_SECONDS),
                value(values, STATS_LOG_INTERVAL_SECONDS),
                value(values, AGING_STEP_MS),
                value(values, FAIR_SHARE_HALF_LIFE_MS),
                value(values, LOCALITY_WAIT_MS),
                value(values, STEAL_ENABLED),
                value(values, JOBS_BACKUP_COUNT),
                value(values, JOBS_SWEEP_MS),
                value(values, EVENTS_CAPACITY),
                value(values, EVENTS_TASKS),
                value(values, EVENTS_RESULTS));
    }

    private static <T> T value(Map<Setting<MemberSettings, ?>, Object> values, Setting<MemberSettings, T> setting) {
        return setting.cast(values.get(setting));
    }
}
