package dev.lodestone.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line flags of the form {@code --name value} or {@code --name=value}, checked against the
 * flags a command knows, with an environment variable behind each ({@code --cluster-name} ↔
 * {@code LODESTONE_CLUSTER_NAME}). A flag beats its variable.
 */
public final class Flags {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();

    private Flags() {
    }

    /**
     * Parses {@code args}.
     *
     * @param valued   flags that take a value
     * @param switches flags that take none
     * @param env      the environment, for the variables behind valued flags (null: none)
     * @throws UsageException for an unknown flag or a missing value
     */
    public static Flags parse(String[] args, Set<String> valued, Set<String> switches, Map<String, String> env) {
        Flags f = new Flags();
        if (env != null) {
            for (String flag : valued) {
                String var = envName(flag);
                String v = env.get(var);
                if (v != null && !v.isBlank()) {
                    f.values.put(flag, v.trim());
                    f.sources.put(flag, "env " + var);
                }
            }
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new UsageException("unexpected argument '" + a + "' (flags start with --)");
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (switches.contains(name)) {
                if (value != null) {
                    throw new UsageException("flag --" + name + " takes no value");
                }
                f.values.put(name, "true");
                f.sources.put(name, "flag --" + name);
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new UsageException("flag --" + name + " needs a value");
                    }
                    value = args[++i];
                }
                f.values.put(name, value);
                f.sources.put(name, "flag --" + name);
            } else {
                throw new UsageException("unknown flag --" + name + "; known flags: " + known(valued, switches));
            }
        }
        return f;
    }

    private static String known(Set<String> valued, Set<String> switches) {
        StringBuilder sb = new StringBuilder();
        for (String s : valued) {
            sb.append(sb.length() == 0 ? "" : ", ").append("--").append(s);
        }
        for (String s : switches) {
            sb.append(sb.length() == 0 ? "" : ", ").append("--").append(s);
        }
        return sb.toString();
    }

    /** {@code cluster-name} → {@code LODESTONE_CLUSTER_NAME}. */
    public static String envName(String flag) {
        return "LODESTONE_" + flag.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    /** The value, or null. */
    public String get(String flag) {
        return values.get(flag);
    }

    /** The value, or {@code fallback}. */
    public String get(String flag, String fallback) {
        return values.getOrDefault(flag, fallback);
    }

    /** True if a switch was given. */
    public boolean has(String flag) {
        return values.containsKey(flag);
    }

    /** Where a value came from ({@code flag --port}, {@code env LODESTONE_PORT}). */
    public String source(String flag) {
        return sources.get(flag);
    }

    /**
     * An integer value in a range, or null when absent.
     *
     * @throws UsageException naming the flag, the value and the range
     */
    public Integer intValue(String flag, int min, int max) {
        String v = values.get(flag);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new UsageException(sources.get(flag) + ": " + v + " is outside " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(sources.get(flag) + ": '" + v + "' is not an integer (" + min + ".." + max + ")");
        }
    }

    /** A comma-separated list, or null when absent. */
    public List<String> listValue(String flag) {
        String v = values.get(flag);
        if (v == null) {
            return null;
        }
        List<String> out = java.util.Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (out.isEmpty()) {
            throw new UsageException(sources.get(flag) + ": the list is empty");
        }
        return out;
    }

    /** A bad command line; the message says what was wrong. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param message what was wrong */
        public UsageException(String message) {
            super(message);
        }
    }
}
