package dev.lodestone.runtime.config;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One setting of a configuration record {@code O}: its key, default, how a text value is parsed and
 * checked, what it does, and how to read it back from {@code O}. The owning record lists its settings
 * as constants; parsing, checking, error text, defaults and help all come from these descriptors, so a
 * rule is written once and the error message cannot drift from it.
 *
 * <pre>{@code
 * static final Setting<MemberSettings, Integer> TASK_PORT = Setting.integer(
 *         "task.port", 0, 0, 65_535, "port of the task channel; 0: ephemeral", MemberSettings::taskPort);
 * }</pre>
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param <O> the configuration record that holds the value
 * @param <T> the value's type
 */
final class Setting<O, T> {

    /** Why a value was refused; the text is the problem alone, the caller adds key, value and source. */
    static final class Invalid extends Exception {

        private static final long serialVersionUID = 1L;

        Invalid(String problem) {
            // Expected on every bad value a user types; a stack trace would only be noise.
            super(problem, null, false, false);
        }
    }

    @FunctionalInterface
    interface Parser<T> {
        T parse(String raw) throws Invalid;
    }

    private final String key;
    private final T defaultValue;
    private final String description;
    private final Class<T> type;
    private final Parser<T> parser;
    private final Predicate<T> valid;
    private final String rule;
    private final Function<O, T> read;

    private Setting(String key, T defaultValue, String description, Class<T> type,
                    Parser<T> parser, Predicate<T> valid, String rule, Function<O, T> read) {
        this.key = Objects.requireNonNull(key, "key");
        this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
        this.description = Objects.requireNonNull(description, "description");
        this.type = type;
        this.parser = parser;
        this.valid = valid;
        this.rule = rule;
        this.read = read;
        // A default that breaks its own rule is a programming error: fail when the class loads, not in production.
        check(defaultValue);
    }

    /**
     * An integer setting with an inclusive range; the problem text is generated from the range
     * ("must be an integer in 1..100000000", or "must be an integer >= 0" when there is no upper bound).
     */
    static <O> Setting<O, Integer> integer(String key, int defaultValue, int min, int max, String description,
                                           Function<O, Integer> read) {
        String rule = max == Integer.MAX_VALUE
                ? "must be an integer >= " + min
                : "must be an integer in " + min + ".." + max;
        Predicate<Integer> inRange = v -> v >= min && v <= max;
        Parser<Integer> parser = raw -> {
            long parsed;
            try {
                // Parsed as a long so that 99999999999 reads as "out of range", not as "not an integer".
                parsed = Long.parseLong(raw);
            } catch (NumberFormatException e) {
                throw new Invalid("not an integer");
            }
            if (parsed < min || parsed > max) {
                throw new Invalid(rule);
            }
            return (int) parsed;
        };
        return new Setting<>(key, defaultValue, description, Integer.class, parser, inRange, rule, read);
    }

    /** A boolean setting: exactly {@code true} or {@code false}, so a typo such as {@code ture} is an error, not false. */
    static <O> Setting<O, Boolean> bool(String key, boolean defaultValue, String description, Function<O, Boolean> read) {
        Parser<Boolean> parser = raw -> switch (raw) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new Invalid("must be true or false");
        };
        return new Setting<>(key, defaultValue, description, Boolean.class, parser, v -> true, "must be true or false", read);
    }

    /** A text setting; any value for which {@code valid} holds is taken as is. */
    static <O> Setting<O, String> text(String key, String defaultValue, Predicate<String> valid, String rule,
                                       String description, Function<O, String> read) {
        Parser<String> parser = raw -> {
            if (!valid.test(raw)) {
                throw new Invalid(rule);
            }
            return raw;
        };
        return new Setting<>(key, defaultValue, description, String.class, parser, valid, rule, read);
    }

    String key() {
        return key;
    }

    T defaultValue() {
        return defaultValue;
    }

    String description() {
        return description;
    }

    /** Parses and checks a text value (already trimmed). */
    T parse(String raw) throws Invalid {
        return parser.parse(raw);
    }

    /** Checks a typed value, for records built in code rather than from text. */
    T check(T value) {
        if (value == null || !valid.test(value)) {
            throw new IllegalArgumentException(key + " = " + value + ": " + rule);
        }
        return value;
    }

    /** This setting's value in {@code owner}. */
    T read(O owner) {
        return read.apply(owner);
    }

    /** Casts a value that was stored for this setting in a heterogeneous map. */
    T cast(Object value) {
        return type.cast(value);
    }

    @Override
    public String toString() {
        return key;
    }
}
