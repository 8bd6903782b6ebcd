package dev.lodestone.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a stretch of benchmark cost the machine, from Linux's {@code /proc}: the CPU time of a set of JVMs (the
 * members and the bench JVM itself, {@code utime + stime} of {@code /proc/<pid>/stat}, which includes threads that
 * have exited), the context switches of the whole machine ({@code ctxt} of {@code /proc/stat}), and the context
 * switches of those JVMs' live threads ({@code voluntary_ctxt_switches + nonvoluntary_ctxt_switches} of
 * {@code /proc/<pid>/task/<tid>/status}: less exposed to other processes than the machine's count, but blind to
 * threads that exited in between).
 *
 * <pre>{@code
 * CpuMeter meter = CpuMeter.of(cluster);
 * CpuMeter.Sample before = meter.sample();
 * ... run 50,000 tasks ...
 * CpuMeter.Cost cost = meter.sample().since(before);
 * double cpuMicrosPerTask = cost.cpuMicros() / 50_000;
 * }</pre>
 *
 * <p>CPU times come in clock ticks ({@code getconf CLK_TCK}, usually 100 per second): measure stretches of seconds.
 * Where there is no {@code /proc} (not Linux) every figure is NaN. THREADING: immutable; {@link #sample} from any
 * thread.
 */
final class CpuMeter {

    private static final Path PROC = Paths.get("/proc");
    /** Fields of /proc/<pid>/stat after the command's closing parenthesis: state is 0, utime 11, stime 12. */
    private static final int UTIME = 11;
    private static final int STIME = 12;
    private static final long DEFAULT_TICKS_PER_SECOND = 100;

    private final List<Long> pids;
    private final long ticksPerSecond;
    private final boolean available;

    CpuMeter(List<Long> pids, long ticksPerSecond) {
        this.pids = List.copyOf(pids);
        this.ticksPerSecond = ticksPerSecond;
        this.available = Files.isReadable(PROC.resolve("stat"));
    }

    /** A meter of the cluster's member JVMs and this JVM. */
    static CpuMeter of(LocalCluster cluster) {
        List<Long> pids = new ArrayList<>(cluster.pids().values());
        pids.add(ProcessHandle.current().pid());
        return new CpuMeter(pids, ticksPerSecond());
    }

    /** The JVMs it measures. */
    List<Long> pids() {
        return pids;
    }

    /** The counters now. */
    Sample sample() {
        if (!available) {
            return new Sample(System.nanoTime(), -1, -1, -1);
        }
        long ticks = 0;
        long jvmSwitches = 0;
        for (long pid : pids) {
            ticks += cpuTicks(pid);
            jvmSwitches += threadSwitches(pid);
        }
        return new Sample(System.nanoTime(), ticks * 1_000_000L / ticksPerSecond, machineSwitches(), jvmSwitches);
    }

    /**
     * The counters at one moment; -1 where unknown.
     *
     * @param nanos          {@link System#nanoTime()} when taken
     * @param cpuMicros      CPU time of the JVMs so far (user + system), in microseconds
     * @param switches       context switches of the machine since it booted
     * @param jvmSwitches    context switches of the JVMs' live threads so far
     */
    record Sample(long nanos, long cpuMicros, long switches, long jvmSwitches) {

        /** What happened between {@code earlier} and this sample. */
        Cost since(Sample earlier) {
            return new Cost((nanos - earlier.nanos) / 1e9, delta(cpuMicros, earlier.cpuMicros), delta(switches, earlier.switches),
                    delta(jvmSwitches, earlier.jvmSwitches));
        }

        private static double delta(long now, long then) {
            return now < 0 || then < 0 ? Double.NaN : now - then;
        }
    }

    /**
     * The cost of a stretch; NaN where unknown.
     *
     * @param seconds     its length on the wall clock
     * @param cpuMicros   CPU time the JVMs used in it
     * @param switches    context switches of the whole machine in it
     * @param jvmSwitches context switches of the JVMs' threads in it
     */
    record Cost(double seconds, double cpuMicros, double switches, double jvmSwitches) {

        /** CPU microseconds per task. */
        double cpuMicrosPer(long tasks) {
            return tasks <= 0 ? Double.NaN : cpuMicros / tasks;
        }

        /** Machine context switches per task. */
        double switchesPer(long tasks) {
            return tasks <= 0 ? Double.NaN : switches / tasks;
        }

        /** The JVMs' context switches per task. */
        double jvmSwitchesPer(long tasks) {
            return tasks <= 0 ? Double.NaN : jvmSwitches / tasks;
        }

        /** Cores the JVMs kept busy on average. */
        double cores() {
            return seconds <= 0 ? Double.NaN : cpuMicros / 1e6 / seconds;
        }

        /**
         * A round's cost figures for {@code tasks} tasks: {@code cpu_us_per_task}, {@code switches_per_task},
         * {@code jvm_switches_per_task} and {@code cores}.
         */
        Map<String, Double> perTask(long tasks) {
            Map<String, Double> r = new LinkedHashMap<>();
            r.put("cpu_us_per_task", cpuMicrosPer(tasks));
            r.put("switches_per_task", switchesPer(tasks));
            r.put("jvm_switches_per_task", jvmSwitchesPer(tasks));
            r.put("cores", cores());
            return r;
        }
    }

    /** utime + stime of the process, in clock ticks; 0 once it is gone. */
    private static long cpuTicks(long pid) {
        String stat = read(PROC.resolve(Long.toString(pid)).resolve("stat"));
        if (stat == null) {
            return 0;
        }
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+"); // the command may hold spaces
        return Long.parseLong(f[UTIME]) + Long.parseLong(f[STIME]);
    }

    private static long threadSwitches(long pid) {
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("task"))) {
            for (Path t : tasks) {
                String status = read(t.resolve("status"));
                if (status == null) {
                    continue; // the thread ended meanwhile
                }
                for (String line : status.split("\n")) {
                    if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                        sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return 0; // the process is gone
        } catch (IOException e) {
            throw new BenchException("cannot read the threads of process " + pid + ": " + e, e);
        }
        return sum;
    }

    private static long machineSwitches() {
        String stat = read(PROC.resolve("stat"));
        if (stat != null) {
            for (String line : stat.split("\n")) {
                if (line.startsWith("ctxt ")) {
                    return Long.parseLong(line.substring(5).trim());
                }
            }
        }
        return -1;
    }

    /** The file's text, or null when it does not exist (any more). */
    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            // gone: NoSuchFileException, or ESRCH for the status of a thread that ended while it was read
            return null;
        }
    }

    /** {@code getconf CLK_TCK}: the unit of /proc's CPU times; 100 where it cannot be asked. */
    static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
            }
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[1-9][0-9]*")) {
                return Long.parseLong(out);
            }
        } catch (IOException e) {
            return DEFAULT_TICKS_PER_SECOND;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_TICKS_PER_SECOND;
    }
}
