package dev.lodestone.bench;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One command-line option of {@code bin/grid bench}: its name, kind, default (and the default under
 * {@code --quick}) and the values it accepts. Values are checked here, once, so a bad one is refused naming
 * the option and the value.
 *
 * <pre>{@code
 * Option.integer("backlog", 200_000, 2_000, 1, 10_000_000, "LOW tasks queued before the HIGH stream starts");
 * }</pre>
 *
 * @param name         the name without the leading {@code --}
 * @param kind         what kind of value it takes
 * @param defaultValue the value when it is not given, or null for "not set"
 * @param quickValue   the value under {@code --quick} when it is not given, or null for "not set"
 * @param min          the smallest number accepted (numbers only)
 * @param max          the largest number accepted (numbers only)
 * @param help         one line for the usage text
 */
record Option(String name, Kind kind, String defaultValue, String quickValue, double min, double max, String help) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern SIZE = Pattern.compile("[1-9][0-9]*[kKmMgG]?");

    /** What an option takes. */
    enum Kind {
        /** A whole number in [min, max]. */
        INTEGER,
        /** A number in [min, max], fractions allowed. */
        DECIMAL,
        /** No value: present or not. */
        SWITCH,
        /** A file name. */
        FILE,
        /** A JVM memory size such as {@code 512m} or {@code 2g}. */
        SIZE
    }

    /** Checks the declaration itself (a bug here is the benchmark's, not the user's). */
    Option {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad option name '" + name + "'");
        }
        if (defaultValue != null) {
            check(name, kind, min, max, defaultValue);
        }
        if (quickValue != null) {
            check(name, kind, min, max, quickValue);
        }
    }

    /** A whole number in [min, max]. */
    static Option integer(String name, long defaultValue, long quickValue, long min, long max, String help) {
        return new Option(name, Kind.INTEGER, Long.toString(defaultValue), Long.toString(quickValue), min, max, help);
    }

    /** A whole number in [min, max] that is not set unless given (the member's configuration then decides). */
    static Option optionalInteger(String name, long min, long max, String help) {
        return new Option(name, Kind.INTEGER, null, null, min, max, help);
    }

    /** A number in [min, max]. */
    static Option decimal(String name, double defaultValue, double quickValue, double min, double max, String help) {
        return new Option(name, Kind.DECIMAL, plain(defaultValue), plain(quickValue), min, max, help);
    }

    /** A switch. */
    static Option flag(String name, String help) {
        return new Option(name, Kind.SWITCH, null, null, 0, 0, help);
    }

    /** A file name, not set unless given. */
    static Option file(String name, String help) {
        return new Option(name, Kind.FILE, null, null, 0, 0, help);
    }

    /** A memory size, not set unless given. */
    static Option size(String name, String help) {
        return new Option(name, Kind.SIZE, null, null, 0, 0, help);
    }

    /** True for options that take a value. */
    boolean takesValue() {
        return kind != Kind.SWITCH;
    }

    /**
     * Checks a value given for this option.
     *
     * @return the value, trimmed
     * @throws UsageException naming the option, the value and what it accepts
     */
    String check(String value) {
        return check(name, kind, min, max, value);
    }

    private static String check(String name, Kind kind, double min, double max, String value) {
        String v = value.trim();
        switch (kind) {
            case INTEGER -> {
                long n;
                try {
                    n = Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw new UsageException("option --" + name + ": '" + value + "' is not a whole number ("
                            + range(kind, min, max) + ")");
                }
                if (n < min || n > max) {
                    throw new UsageException("option --" + name + ": " + v + " is outside " + range(kind, min, max));
                }
            }
            case DECIMAL -> {
                double d;
                try {
                    d = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new UsageException("option --" + name + ": '" + value + "' is not a number (" + range(kind, min, max) + ")");
                }
                if (!(d >= min && d <= max)) {
                    throw new UsageException("option --" + name + ": " + v + " is outside " + range(kind, min, max));
                }
            }
            case SIZE -> {
                if (!SIZE.matcher(v).matches()) {
                    throw new UsageException("option --" + name + ": '" + value + "' is not a memory size such as 512m or 2g");
                }
            }
            case FILE -> {
                if (v.isEmpty()) {
                    throw new UsageException("option --" + name + " needs a value, got an empty one");
                }
            }
            case SWITCH -> throw new UsageException("option --" + name + " takes no value, got '" + value + "'");
            default -> throw new IllegalStateException("unknown kind " + kind);
        }
        return v;
    }

    /** The accepted range, for messages: {@code 1..100} or {@code 0.0..1.0}. */
    String range() {
        return range(kind, min, max);
    }

    private static String range(Kind kind, double min, double max) {
        return kind == Kind.INTEGER ? (long) min + ".." + (long) max : plain(min) + ".." + plain(max);
    }

    /** One line of the usage text. */
    String usageLine() {
        String left = "--" + name + switch (kind) {
            case INTEGER, DECIMAL -> " N";
            case FILE -> " FILE";
            case SIZE -> " SIZE";
            case SWITCH -> "";
        };
        StringBuilder right = new StringBuilder(help);
        if (defaultValue != null) {
            right.append(" (default ").append(defaultValue);
            if (quickValue != null && !quickValue.equals(defaultValue)) {
                right.append(", --quick ").append(quickValue);
            }
            right.append(')');
        }
        return String.format(Locale.ROOT, "  %-22s %s", left, right);
    }

    /** 1.0 → "1", 0.5 → "0.5": numbers as a person would type them. */
    static String plain(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }
}
