package dev.lodestone.runtime.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code key = value} file read with the line number of every key, so that a bad value can be reported
 * as {@code conf/lodestone.properties:12: worker.threads = -3: ...}.
 *
 * <p>Not {@link java.util.Properties}: that format forgets line numbers, lets a later duplicate silently win,
 * and accepts any key, so a typo ({@code worker.thread}) would quietly leave the default in force. Here
 * a duplicate or unknown key is an error, and an unknown key comes with the closest known one.
 *
 * <p>Format: one {@code key = value} per line, split at the first {@code =}, key and value trimmed; blank
 * lines and lines whose first non-blank character is {@code #} are skipped. There are no inline comments,
 * escapes or continuation lines: what is after {@code =} is the value.
 *
 * <pre>{@code
 * SettingsFile file = SettingsFile.read(Path.of("conf/lodestone.properties"), List.of("worker.threads"));
 * for (SettingsFile.Entry e : file.entries()) { ... e.key(), e.value(), e.line() ... }
 * }</pre>
 *
 * <p>Immutable once read.
 */
final class SettingsFile {

    /**
     * One {@code key = value} line.
     *
     * @param key   the key, trimmed
     * @param value the value, trimmed; may be empty
     * @param line  its 1-based line number
     */
    record Entry(String key, String value, int line) {
    }

    private final String source;
    private final List<Entry> entries;

    private SettingsFile(String source, List<Entry> entries) {
        this.source = source;
        this.entries = List.copyOf(entries);
    }

    /**
     * Reads {@code file} (UTF-8).
     *
     * @param file      the file; its path as given is the source named in errors
     * @param knownKeys every key the file may hold
     * @throws ConfigException when the file cannot be read, or a line is not {@code key = value}, or a key
     *                         is unknown or given twice
     */
    static SettingsFile read(Path file, Collection<String> knownKeys) {
        String source = file.toString();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw ConfigException.ofLine(source, 0, "no such file", e);
        } catch (CharacterCodingException e) {
            throw ConfigException.ofLine(source, 0, "not UTF-8 text", e);
        } catch (IOException e) {
            throw ConfigException.ofLine(source, 0, "cannot read: " + e, e);
        }
        return parse(source, lines, knownKeys);
    }

    /**
     * Parses lines already read.
     *
     * @param source    the name used in errors, normally the file's path
     * @param lines     the lines, the first being line 1
     * @param knownKeys every key the lines may hold
     * @throws ConfigException on the first line that is not {@code key = value}, or has an unknown or
     *                         repeated key
     */
    static SettingsFile parse(String source, List<String> lines, Collection<String> knownKeys) {
        Objects.requireNonNull(source, "source");
        List<Entry> entries = new ArrayList<>();
        Map<String, Entry> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String text = lines.get(i);
            if (i == 0 && text.startsWith("\uFEFF")) {
                // Some editors on Windows write a byte-order mark; it is not part of the first key.
                text = text.substring(1);
            }
            String trimmed = text.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq < 0) {
                throw ConfigException.ofLine(source, lineNo, "expected 'key = value', got '" + trimmed + "'", null);
            }
            String key = trimmed.substring(0, eq).strip();
            String value = trimmed.substring(eq + 1).strip();
            if (key.isEmpty()) {
                throw ConfigException.ofLine(source, lineNo, "no key before '=' in '" + trimmed + "'", null);
            }
            if (!knownKeys.contains(key)) {
                throw new ConfigException(source, lineNo, key, value, unknownKeyProblem(key, knownKeys));
            }
            Entry entry = new Entry(key, value, lineNo);
            Entry first = seen.putIfAbsent(key, entry);
            if (first != null) {
                throw new ConfigException(source, lineNo, key, value, "duplicate key, first set on line " + first.line());
            }
            entries.add(entry);
        }
        return new SettingsFile(source, entries);
    }

    /** The name used in errors, normally the file's path. */
    String source() {
        return source;
    }

    /** The {@code key = value} lines, in file order. */
    List<Entry> entries() {
        return entries;
    }

    /**
     * The problem text for an unknown key: the closest known key when it is close enough to be a typo,
     * otherwise the list of known keys.
     */
    static String unknownKeyProblem(String key, Collection<String> knownKeys) {
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String known : knownKeys) {
            int d = editDistance(key.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT));
            if (d < best) {
                best = d;
                closest = known;
            }
        }
        // Up to a third of the key may be wrong (at least 2 edits) before a suggestion stops being a typo fix.
        if (closest != null && best <= Math.max(2, key.length() / 3)) {
            return "unknown key; did you mean '" + closest + "'?";
        }
        return "unknown key; known keys: " + String.join(", ", knownKeys);
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
