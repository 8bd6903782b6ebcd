package dev.lodestone.runtime.config;

import dev.lodestone.api.GridException;

import java.util.Objects;

/**
 * A configuration value was refused. The message names where the value came from, the key, the value
 * and what is wrong with it, so that the operator can fix it without reading code:
 *
 * <pre>{@code
 * conf/lodestone.properties:12: worker.threads = -3: must be an integer >= 0
 * flag --task-port: task.port = 70000: must be an integer in 0..65535
 * }</pre>
 *
 * <p>A problem that is not about one key (a line without {@code =}, an unreadable file) has an empty
 * {@link #key()} and {@link #value()}, and its message is {@code <source>:<line>: <problem>}.
 *
 * <pre>{@code
 * try {
 *     settings = MemberSettings.load(Path.of("conf/lodestone.properties"));
 * } catch (ConfigException e) {
 *     System.err.println(e.getMessage());
 *     System.exit(2);
 * }
 * }</pre>
 */
public final class ConfigException extends GridException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String key;
    private final String value;
    private final String problem;

    /**
     * A bad value on a line of a file.
     *
     * @param source  the file, as the operator named it ({@code conf/lodestone.properties})
     * @param line    the 1-based line number, or 0 when there is none
     * @param key     the key
     * @param value   the value as written
     * @param problem what is wrong ({@code must be an integer >= 0})
     */
    public ConfigException(String source, int line, String key, String value, String problem) {
        this(source, line, key, value, problem, null);
    }

    /**
     * A bad value that did not come from a file.
     *
     * @param source  where it came from ({@code flag --port}, {@code env LODESTONE_PORT})
     * @param key     the key
     * @param value   the value as given
     * @param problem what is wrong
     */
    public ConfigException(String source, String key, String value, String problem) {
        this(source, 0, key, value, problem, null);
    }

    /** A problem with a whole line or file rather than one key's value. */
    static ConfigException ofLine(String source, int line, String problem, Throwable cause) {
        return new ConfigException(source, line, "", "", problem, cause);
    }

    private ConfigException(String source, int line, String key, String value, String problem, Throwable cause) {
        super(format(source, line, key, value, problem), cause);
        this.source = source;
        this.line = line;
        this.key = key;
        this.value = value;
        this.problem = problem;
    }

    private static String format(String source, int line, String key, String value, String problem) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(problem, "problem");
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0, got " + line);
        }
        String where = line > 0 ? source + ":" + line : source;
        return key.isEmpty() ? where + ": " + problem : where + ": " + key + " = " + value + ": " + problem;
    }

    /** Where the value came from: a file path, or {@code flag --port}, {@code env LODESTONE_PORT}. */
    public String source() {
        return source;
    }

    /** The 1-based line in {@link #source()}, or 0 when the source is not a file or the problem is the whole file. */
    public int line() {
        return line;
    }

    /** The key, or {@code ""} when the problem is not about one key. */
    public String key() {
        return key;
    }

    /** The value as written, or {@code ""} when the problem is not about one key. */
    public String value() {
        return value;
    }

    /** What is wrong, without the location: {@code must be an integer in 0..65535}. */
    public String problem() {
        return problem;
    }
}
