package dev.lodestone.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The options of one {@code bin/grid bench <scenario>} run, parsed and checked: {@code --name value},
 * {@code --name=value} or {@code --switch}. An option not given takes its default, or its {@code --quick}
 * default when {@code --quick} is on.
 *
 * <pre>{@code
 * Params p = Params.parse("priority", options, new String[] {"--rate", "100", "--quick"});
 * int rate = p.integer("rate");
 * }</pre>
 *
 * <p>Immutable once parsed.
 */
final class Params {

    /** The option that picks the quick defaults. */
    static final String QUICK = "quick";

    private final String scenario;
    private final Map<String, Option> options;
    private final Map<String, String> values;
    private final boolean quick;

    private Params(String scenario, Map<String, Option> options, Map<String, String> values, boolean quick) {
        this.scenario = scenario;
        this.options = options;
        this.values = values;
        this.quick = quick;
    }

    /**
     * Parses a scenario's command line.
     *
     * @param scenario the scenario's name, for messages
     * @param declared every option the scenario takes, common ones included
     * @param args     the arguments after the scenario's name
     * @throws UsageException for an unknown option, a missing or bad value, an option given twice, or a word that
     *                        is not an option; the message names it
     */
    static Params parse(String scenario, List<Option> declared, String[] args) {
        Map<String, Option> byName = new LinkedHashMap<>();
        for (Option o : declared) {
            if (byName.put(o.name(), o) != null) {
                throw new IllegalArgumentException("option --" + o.name() + " is declared twice for " + scenario);
            }
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new UsageException("unexpected argument '" + a + "' (options start with --; see 'grid bench " + scenario
                        + " --help')");
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Option o = byName.get(name);
            if (o == null) {
                throw new UsageException("unknown option --" + name + " for scenario " + scenario + "; its options are: "
                        + byName.keySet().stream().map(n -> "--" + n).collect(Collectors.joining(", ")));
            }
            if (given.containsKey(name)) {
                throw new UsageException("option --" + name + " is given twice");
            }
            if (!o.takesValue()) {
                if (value != null) {
                    throw new UsageException("option --" + name + " takes no value, got '" + value + "'");
                }
                given.put(name, "true");
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new UsageException("option --" + name + " needs a value (" + describe(o) + ")");
                }
                value = args[++i];
            }
            given.put(name, o.check(value));
        }
        boolean quick = given.containsKey(QUICK);
        Map<String, String> values = new LinkedHashMap<>();
        for (Option o : declared) {
            String v = given.containsKey(o.name()) ? given.get(o.name()) : quick ? o.quickValue() : o.defaultValue();
            if (v != null) {
                values.put(o.name(), v);
            }
        }
        return new Params(scenario, Collections.unmodifiableMap(byName), Collections.unmodifiableMap(values), quick);
    }

    private static String describe(Option o) {
        return switch (o.kind()) {
            case INTEGER -> "a whole number, " + o.range();
            case DECIMAL -> "a number, " + o.range();
            case SIZE -> "a memory size such as 512m or 2g";
            case FILE, SWITCH -> o.help();
        };
    }

    String scenario() {
        return scenario;
    }

    boolean quick() {
        return quick;
    }

    /** True when the option has a value (given, or a default). */
    boolean has(String name) {
        return values.containsKey(known(name));
    }

    /** A whole-number option's value. */
    int integer(String name) {
        return Math.toIntExact(Long.parseLong(required(name)));
    }

    /** A whole-number option's value, as a long. */
    long longValue(String name) {
        return Long.parseLong(required(name));
    }

    /** A number option's value. */
    double decimal(String name) {
        return Double.parseDouble(required(name));
    }

    /** A number option given in seconds, as a duration (to the nanosecond). */
    Duration seconds(String name) {
        return Duration.ofNanos(Math.round(decimal(name) * 1e9));
    }

    /** A file or size option's value, or null when not set. */
    String text(String name) {
        return values.get(known(name));
    }

    /** A switch's state. */
    boolean flag(String name) {
        return values.containsKey(known(name));
    }

    /** Every option that has a value, in declaration order, as given. */
    Map<String, String> all() {
        return values;
    }

    /**
     * Every option that has a value, in declaration order, typed for the report: whole numbers as {@code Long},
     * numbers as {@code Double}, switches as {@code Boolean}, the rest as text.
     */
    Map<String, Object> typed() {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((name, v) -> out.put(name, switch (options.get(name).kind()) {
            case INTEGER -> Long.parseLong(v);
            case DECIMAL -> Double.parseDouble(v);
            case SWITCH -> Boolean.TRUE;
            case FILE, SIZE -> v;
        }));
        return out;
    }

    /** Names of every declared option, in order. */
    List<String> names() {
        return new ArrayList<>(options.keySet());
    }

    private String required(String name) {
        String v = values.get(known(name));
        if (v == null) {
            throw new IllegalStateException("option --" + name + " of " + scenario + " has no value and no default");
        }
        return v;
    }

    private String known(String name) {
        if (!options.containsKey(name)) {
            throw new IllegalArgumentException(scenario + " declares no option --" + name);
        }
        return name;
    }
}
