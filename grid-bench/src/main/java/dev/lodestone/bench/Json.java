package dev.lodestone.bench;

import java.util.Map;

/**
 * Writes the small JSON objects of {@code --json}: nested objects of strings, numbers, booleans and null. No
 * dependency: the report is one object two levels deep.
 *
 * <pre>{@code
 * Json.write(Map.of("scenario", "priority", "metrics", Map.of("low_task_ms", 1.02)));
 * // {"scenario":"priority","metrics":{"low_task_ms":1.02}}
 * }</pre>
 *
 * <p>Numbers: whole values print without a fraction; NaN and infinities, which JSON cannot hold, print as
 * {@code null}. Stateless.
 */
final class Json {

    private Json() {
    }

    /** The object as JSON text, keys in the map's order, indented by two spaces. */
    static String write(Map<String, ?> object) {
        StringBuilder sb = new StringBuilder();
        value(sb, object, 0);
        return sb.append('\n').toString();
    }

    private static void value(StringBuilder sb, Object v, int depth) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> m) {
            object(sb, m, depth);
        } else if (v instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (v instanceof Double || v instanceof Float) {
            sb.append(number(((Number) v).doubleValue()));
        } else if (v instanceof Number n) {
            sb.append(n.longValue());
        } else if (v instanceof CharSequence || v instanceof Character || v instanceof Enum<?>) {
            string(sb, v.toString());
        } else {
            throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON: " + v);
        }
    }

    private static void object(StringBuilder sb, Map<?, ?> m, int depth) {
        if (m.isEmpty()) {
            sb.append("{}");
            return;
        }
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys are strings, got " + e.getKey());
            }
            sb.append(first ? "\n" : ",\n");
            first = false;
            indent(sb, depth + 1);
            string(sb, key);
            sb.append(": ");
            value(sb, e.getValue(), depth + 1);
        }
        sb.append('\n');
        indent(sb, depth);
        sb.append('}');
    }

    private static void indent(StringBuilder sb, int depth) {
        sb.append("  ".repeat(depth));
    }

    /** A finite double as JSON: {@code 3}, {@code 0.25}, {@code 1.0E-7}; NaN and infinities as {@code null}. */
    static String number(double d) {
        if (!Double.isFinite(d)) {
            return "null";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
