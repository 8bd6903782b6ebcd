package dev.lodestone.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Edits the text of a member's {@code hazelcast.yaml} copy, keeping its comments and order: sets keys of
 * {@code hazelcast/properties} (a key's existing line is replaced, so no key is given twice) and adds entries under a
 * path such as {@code hazelcast/executor-service}, creating the keys the file does not have yet.
 *
 * <pre>{@code
 * String yaml = HazelcastYamlEdit.setProperties(text, Map.of("hazelcast.io.thread.count", "1"));
 * yaml = HazelcastYamlEdit.addEntries(yaml, List.of("hazelcast", "executor-service"),
 *         List.of("lodestone-bench:", "  pool-size: 1"));
 * }</pre>
 *
 * <p>Design: a line editor, not a YAML parser (none is on the bench's class path but Hazelcast's shaded one), for
 * block-style YAML (one {@code key: value} per line, nesting by indentation, {@code - } list items), which is how
 * Hazelcast's files are written. A key on the edited path that holds an inline value ({@code properties: {}}) is
 * refused with its line rather than guessed at. Stateless.
 */
final class HazelcastYamlEdit {

    /** A mapping key ("quoted", 'quoted' or plain), then ':' and maybe a value on the same line. */
    private static final Pattern KEY = Pattern.compile(
            "^(?:\"([^\"]*)\"|'([^']*)'|([^\\s#'\"-][^:#]*?|-[^\\s:#][^:#]*?))\\s*:(?:\\s+(.*))?$");
    private static final int DEFAULT_STEP = 2;

    private HazelcastYamlEdit() {
    }

    /** The text with each of {@code properties} set under {@code hazelcast/properties}. */
    static String setProperties(String yaml, Map<String, String> properties) {
        List<String> lines = lines(yaml);
        int at = ensurePath(lines, List.of("hazelcast", "properties"));
        for (int i = blockEnd(lines, at) - 1; i > at; i--) {
            String k = key(lines.get(i));
            if (k != null && indent(lines.get(i)) == childIndent(lines, at) && properties.containsKey(k)) {
                lines.subList(i, blockEnd(lines, i)).clear();
            }
        }
        String pad = " ".repeat(newChildIndent(lines, at));
        List<String> added = new ArrayList<>();
        properties.forEach((k, v) -> added.add(pad + k + ": " + v));
        lines.addAll(at + 1, added);
        return text(lines);
    }

    /**
     * The text with {@code entry} added as the first child of the key at {@code path} (created where missing).
     *
     * @param entry the entry's lines, indented relative to each other (the first at 0)
     * @throws BenchException when the entry's key is there already, or a key on the path holds an inline value
     */
    static String addEntries(String yaml, List<String> path, List<String> entry) {
        List<String> lines = lines(yaml);
        int at = ensurePath(lines, path);
        String first = entry.get(0).strip();
        String newKey = first.startsWith("- ") ? null : key(first);
        if (newKey != null && find(lines, at, newKey) >= 0) {
            throw new BenchException("hazelcast.yaml already has '" + newKey + "' under " + String.join("/", path)
                    + "; the benchmark adds its own");
        }
        String pad = " ".repeat(newChildIndent(lines, at));
        List<String> added = new ArrayList<>();
        for (String l : entry) {
            added.add(pad + l);
        }
        lines.addAll(at + 1, added);
        return text(lines);
    }

    /** The index of the line of the last key of {@code path}, adding the keys that are missing. */
    private static int ensurePath(List<String> lines, List<String> path) {
        int parent = -1;
        for (String k : path) {
            int found = find(lines, parent, k);
            if (found < 0) {
                int indent = parent < 0 ? 0 : newChildIndent(lines, parent);
                int end = parent < 0 ? lines.size() : blockEnd(lines, parent);
                lines.add(end, " ".repeat(indent) + k + ":");
                found = end;
            } else if (inlineValue(lines.get(found)) != null) {
                throw new BenchException("cannot add under '" + k + "' of hazelcast.yaml (line " + (found + 1) + "): it holds the value '"
                        + inlineValue(lines.get(found)) + "' on its own line; write it as a block");
            }
            parent = found;
        }
        return parent;
    }

    /** The index of {@code key} among the children of the line {@code parent} (-1: top level), or -1. */
    private static int find(List<String> lines, int parent, String key) {
        int from = parent + 1;
        int to = parent < 0 ? lines.size() : blockEnd(lines, parent);
        int want = parent < 0 ? 0 : childIndent(lines, parent);
        for (int i = from; i < to; i++) {
            String l = lines.get(i);
            if (content(l) && indent(l) == want && key.equals(key(l))) {
                return i;
            }
        }
        return -1;
    }

    /** The indent of the line's children, or -1 when it has none. */
    private static int childIndent(List<String> lines, int at) {
        int end = blockEnd(lines, at);
        for (int i = at + 1; i < end; i++) {
            if (content(lines.get(i))) {
                return indent(lines.get(i));
            }
        }
        return -1;
    }

    /** The indent a new child of the line gets: its children's, or one step (the file's own) deeper. */
    private static int newChildIndent(List<String> lines, int at) {
        int existing = childIndent(lines, at);
        return existing >= 0 ? existing : indent(lines.get(at)) + step(lines);
    }

    /** How far the file indents the children of its top-level key. */
    private static int step(List<String> lines) {
        for (String l : lines) {
            if (content(l) && indent(l) > 0) {
                return indent(l);
            }
        }
        return DEFAULT_STEP;
    }

    /**
     * The index after the last line of the block that the line {@code at} opens: its deeper lines, and list items at
     * its own indent when its value is such a list. Comments and blank lines at the end are left outside.
     */
    private static int blockEnd(List<String> lines, int at) {
        int base = indent(lines.get(at));
        boolean compactList = false;
        for (int i = at + 1; i < lines.size(); i++) {
            if (content(lines.get(i))) {
                compactList = indent(lines.get(i)) == base && lines.get(i).strip().startsWith("- ");
                break;
            }
        }
        int end = at + 1;
        for (int i = at + 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!content(l)) {
                continue;
            }
            int in = indent(l);
            if (in > base || (in == base && compactList && l.strip().startsWith("- "))) {
                end = i + 1;
            } else {
                break;
            }
        }
        return end;
    }

    private static String key(String line) {
        String s = line.strip();
        if (s.startsWith("- ")) {
            s = s.substring(2).strip();
        }
        Matcher m = KEY.matcher(s);
        if (!m.matches()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3).strip();
    }

    /** The value written on the key's own line, or null for a key that opens a block. */
    private static String inlineValue(String line) {
        Matcher m = KEY.matcher(line.strip());
        if (!m.matches() || m.group(4) == null || m.group(4).isBlank() || m.group(4).strip().startsWith("#")) {
            return null;
        }
        return m.group(4).strip();
    }

    private static boolean content(String line) {
        String s = line.strip();
        return !s.isEmpty() && !s.startsWith("#");
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static List<String> lines(String yaml) {
        List<String> lines = new ArrayList<>(Arrays.asList(yaml.split("\\R", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // a final newline leaves one empty piece
        }
        return lines;
    }

    private static String text(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }
}
