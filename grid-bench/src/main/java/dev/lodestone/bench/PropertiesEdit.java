package dev.lodestone.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Sets keys in the text of a {@code lodestone.properties} file, keeping its comments and order: a key's existing
 * line is replaced in place (the member refuses a key given twice), a missing key is appended.
 *
 * <pre>{@code
 * PropertiesEdit.set("# c\nsteal.enabled = true\n", Map.of("steal.enabled", "false"));
 * // "# c\nsteal.enabled = false\n"
 * }</pre>
 *
 * <p>Stateless.
 */
final class PropertiesEdit {

    private static final Pattern KEY_LINE = Pattern.compile("^\\s*([^#!\\s=:][^\\s=:]*)\\s*[=:].*$");

    private PropertiesEdit() {
    }

    /** The text with each of {@code settings} set. */
    static String set(String text, Map<String, String> settings) {
        Map<String, String> left = new LinkedHashMap<>(settings);
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\\R", -1);
        int n = text.endsWith("\n") ? lines.length - 1 : lines.length; // a final newline leaves one empty piece
        for (int i = 0; i < n; i++) {
            String line = lines[i];
            String key = keyOf(line);
            if (key != null && left.containsKey(key)) {
                out.append(key).append(" = ").append(left.remove(key));
            } else {
                out.append(line);
            }
            out.append('\n');
        }
        if (!left.isEmpty()) {
            out.append("\n# set by bin/grid bench\n");
            left.forEach((k, v) -> out.append(k).append(" = ").append(v).append('\n'));
        }
        return out.toString();
    }

    private static String keyOf(String line) {
        var m = KEY_LINE.matcher(line);
        return m.matches() ? m.group(1) : null;
    }
}
