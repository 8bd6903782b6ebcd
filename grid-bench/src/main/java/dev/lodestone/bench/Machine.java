package dev.lodestone.bench;

import dev.lodestone.bench.tasks.MemberFacts;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The machine a benchmark ran on, for the report: cores, memory, OS, JDK, and the heaps of the bench JVM and of
 * the members (asked from the members themselves, since their heap comes from their own options).
 *
 * <pre>{@code
 * Machine m = Machine.here();
 * m = m.withMembers(facts);   // from MemberFacts broadcast to the members
 * System.out.println(m.line());
 * }</pre>
 *
 * @param cores             processors this JVM sees
 * @param memoryBytes       physical memory, or -1 when unknown
 * @param os                operating system name, version and architecture
 * @param jdk               the Java runtime's version and VM
 * @param benchMaxHeapBytes the bench JVM's maximum heap (the client)
 * @param memberMaxHeapBytes the members' maximum heap (the smallest, if they differ), or -1 before they are known
 * @param burnClock         the clock the CPU-burning tasks spin on in the members, or "" before it is known
 */
record Machine(int cores, long memoryBytes, String os, String jdk, long benchMaxHeapBytes, long memberMaxHeapBytes,
               String burnClock) {

    private static final double MIB = 1024.0 * 1024.0;

    /** This JVM and the machine under it. */
    static Machine here() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        long memory = -1;
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            memory = sun.getTotalMemorySize();
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), memory,
                os.getName() + " " + os.getVersion() + " " + os.getArch(),
                Runtime.version() + " (" + System.getProperty("java.vm.name", "?") + ")",
                Runtime.getRuntime().maxMemory(), -1, "");
    }

    /** A copy with what the members said about their JVMs. */
    Machine withMembers(List<MemberFacts.Facts> facts) {
        long heap = facts.stream().mapToLong(MemberFacts.Facts::maxHeapBytes).min().orElse(-1);
        String clock = facts.stream().map(MemberFacts.Facts::burnClock).distinct().reduce((x, y) -> x + "/" + y).orElse("");
        return new Machine(cores, memoryBytes, os, jdk, benchMaxHeapBytes, heap, clock);
    }

    /** The report's {@code machine} object. */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", cores);
        m.put("memory_mb", memoryBytes < 0 ? null : Math.round(memoryBytes / MIB));
        m.put("os", os);
        m.put("jdk", jdk);
        m.put("bench_max_heap_mb", Math.round(benchMaxHeapBytes / MIB));
        m.put("member_max_heap_mb", memberMaxHeapBytes < 0 ? null : Math.round(memberMaxHeapBytes / MIB));
        m.put("burn_clock", burnClock.isEmpty() ? null : burnClock);
        return m;
    }

    /** One line for the table. */
    String line() {
        return String.format(Locale.ROOT, "%d cores, %s RAM, %s, JDK %s, heap max: bench %s, members %s%s", cores,
                memoryBytes < 0 ? "?" : gib(memoryBytes), os, jdk, gib(benchMaxHeapBytes),
                memberMaxHeapBytes < 0 ? "?" : gib(memberMaxHeapBytes),
                burnClock.isEmpty() ? "" : ", task CPU burn on the " + burnClock + " clock");
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (MIB * 1024));
    }
}
