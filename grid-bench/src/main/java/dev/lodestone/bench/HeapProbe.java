package dev.lodestone.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Weighs another JVM's heap from outside with the JDK's {@code jcmd}, so it works while every thread of that JVM
 * is busy: {@code GC.class_histogram} (which runs a full collection first, and counts the live objects' bytes per
 * class), then {@code GC.heap_info} (the used heap right after that collection, G1 only).
 *
 * <pre>{@code
 * HeapProbe.Weight before = HeapProbe.weigh(pid);
 * ... queue a million tasks there ...
 * HeapProbe.Weight after = HeapProbe.weigh(pid);
 * double perTask = (after.usedBytes() - before.usedBytes()) / 1e6;
 * }</pre>
 *
 * <p>{@code jcmd} is the one beside the bench JVM's {@code java}; the members run on the same JDK (the bench starts
 * them with its own {@code JAVA_HOME}) as the same user, which is what the attach mechanism needs. Stateless.
 */
final class HeapProbe {

    private static final Pattern G1_USED = Pattern.compile("garbage-first heap\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
    private static final long JCMD_TIMEOUT_SECONDS = 300;

    private HeapProbe() {
    }

    /**
     * A JVM's heap after a full collection.
     *
     * @param usedBytes  the used heap (G1's count, regions' waste included)
     * @param liveBytes  the live objects' bytes (the class histogram's total)
     * @param byClass    the live objects' bytes per class name
     * @param instances  the live objects' count per class name
     */
    record Weight(long usedBytes, long liveBytes, Map<String, Long> byClass, Map<String, Long> instances) {

        /**
         * The classes whose bytes grew most from {@code before} to this, one line each: {@code +N B/task name
         * (+M objects/task)}.
         */
        List<String> growth(Weight before, long perCount, int top) {
            List<Map.Entry<String, Long>> grown = new ArrayList<>();
            byClass.forEach((k, v) -> grown.add(Map.entry(k, v - before.byClass.getOrDefault(k, 0L))));
            grown.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
            List<String> out = new ArrayList<>();
            for (Map.Entry<String, Long> e : grown.subList(0, Math.min(top, grown.size()))) {
                if (e.getValue() <= 0) {
                    break;
                }
                long objects = instances.getOrDefault(e.getKey(), 0L) - before.instances.getOrDefault(e.getKey(), 0L);
                out.add(String.format(Locale.ROOT, "+%.1f B/task %s (+%.2f objects/task)", e.getValue() / (double) perCount,
                        e.getKey(), objects / (double) perCount));
            }
            return out;
        }
    }

    /** Weighs the heap of process {@code pid}. */
    static Weight weigh(long pid) {
        String histogram = jcmd(pid, "GC.class_histogram");
        String heapInfo = jcmd(pid, "GC.heap_info");
        Matcher used = G1_USED.matcher(heapInfo);
        if (!used.find()) {
            throw new BenchException("cannot read the used heap of process " + pid + " from jcmd GC.heap_info (the members run G1,"
                    + " see conf/jvm.options); it said: " + heapInfo.strip());
        }
        Map<String, Long> byClass = new HashMap<>();
        Map<String, Long> instances = new HashMap<>();
        long live = -1;
        for (String line : histogram.split("\\R")) {
            Matcher row = HISTOGRAM_ROW.matcher(line);
            if (row.matches()) {
                byClass.merge(row.group(3), Long.parseLong(row.group(2)), Long::sum);
                instances.merge(row.group(3), Long.parseLong(row.group(1)), Long::sum);
                continue;
            }
            Matcher total = HISTOGRAM_TOTAL.matcher(line.strip());
            if (total.matches()) {
                live = Long.parseLong(total.group(2));
            }
        }
        if (live < 0) {
            throw new BenchException("no 'Total' line in jcmd " + pid + " GC.class_histogram");
        }
        return new Weight(Long.parseLong(used.group(2)) * 1024, live, byClass, instances);
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            throw new BenchException("no jcmd at " + jcmd + ": the heap figure needs a full JDK");
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BenchException("jcmd " + pid + " " + command + " did not finish within " + JCMD_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new BenchException("jcmd " + pid + " " + command + " exited " + p.exitValue() + ": " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new BenchException("cannot run " + jcmd + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while jcmd weighed process " + pid, e);
        }
    }
}
