package dev.lodestone.cli;

/**
 * Just enough JSON for the CLI's {@code --json} output, written by hand so the tool needs no JSON library:
 * objects, arrays, strings and numbers, no whitespace. Commas are placed by the writer.
 *
 * <p>THREADING: not thread-safe; one per output.
 *
 * <pre>{@code
 * String s = new JsonWriter().beginObject().name("count").value(3).endObject().toString();   // {"count":3}
 * }</pre>
 */
final class JsonWriter {

    private final StringBuilder b = new StringBuilder();
    /** True right after an opening bracket or a name: no comma before the next value. */
    private boolean first = true;

    JsonWriter beginObject() {
        comma();
        b.append('{');
        first = true;
        return this;
    }

    JsonWriter endObject() {
        b.append('}');
        first = false;
        return this;
    }

    JsonWriter beginArray() {
        comma();
        b.append('[');
        first = true;
        return this;
    }

    JsonWriter endArray() {
        b.append(']');
        first = false;
        return this;
    }

    JsonWriter name(String name) {
        comma();
        quote(name);
        b.append(':');
        first = true;
        return this;
    }

    JsonWriter value(long v) {
        comma();
        b.append(v);
        first = false;
        return this;
    }

    JsonWriter value(String v) {
        comma();
        if (v == null) {
            b.append("null");
        } else {
            quote(v);
        }
        first = false;
        return this;
    }

    private void comma() {
        if (!first) {
            b.append(',');
        }
    }

    private void quote(String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
