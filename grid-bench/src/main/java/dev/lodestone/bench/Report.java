package dev.lodestone.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a scenario found: its parameters, the machine, each figure for Lodestone and for the baseline with their
 * ratio, and the flat {@code metrics} of the {@code --json} object. Prints the table of BENCH.md.
 *
 * <pre>{@code
 * report.sides("HIGH stream with a LOW backlog queued", "the same HIGH stream on the idle grid");
 * report.compare("HIGH p99 end-to-end", "ms", loaded, "high_p99_ms_loaded", idle, "high_p99_ms_idle",
 *         "high_p99_loaded_over_idle");
 * report.printTable(System.out);
 * String json = report.toJson();
 * }</pre>
 *
 * <p>A figure measured over rounds goes into {@code metrics} as its median under its name, with
 * {@code NAME_min} and {@code NAME_max} beside it. Not thread-safe: filled by the scenario's thread.
 */
final class Report {

    private final String scenario;
    private final String title;
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Machine machine;
    private String lodestoneSide = "";
    private String baselineSide = "";

    /** One line of the table; {@code baseline} null when the figure has none. */
    private record Row(String label, String unit, Stats lodestone, Stats baseline) {
    }

    Report(String scenario, String title, Machine machine) {
        this.scenario = scenario;
        this.title = title;
        this.machine = machine;
    }

    String scenario() {
        return scenario;
    }

    void machine(Machine m) {
        this.machine = m;
    }

    Machine machineInfo() {
        return machine;
    }

    /** A parameter of the run (options with their values, and derived ones). */
    void param(String name, Object value) {
        params.put(name, value);
    }

    /** What the two columns measure, in words. */
    void sides(String lodestone, String baseline) {
        this.lodestoneSide = lodestone;
        this.baselineSide = baseline;
    }

    /**
     * A figure for Lodestone and for the baseline; their ratio is Lodestone's median over the baseline's.
     *
     * @param lodestoneMetric the metric name of Lodestone's figure, or null when another row reports it already
     * @param baselineMetric  the metric name of the baseline's figure, or null when another row reports it already
     * @param ratioMetric     the metric name of the ratio, or null to leave it out of the metrics
     */
    void compare(String label, String unit, Stats lodestone, String lodestoneMetric, Stats baseline, String baselineMetric,
                 String ratioMetric) {
        rows.add(new Row(label, unit, lodestone, baseline));
        put(lodestoneMetric, lodestone);
        put(baselineMetric, baseline);
        if (ratioMetric != null) {
            metric(ratioMetric, ratio(lodestone, baseline));
        }
    }

    /** A figure of Lodestone alone (no baseline column). */
    void figure(String label, String unit, Stats value, String metric) {
        rows.add(new Row(label, unit, value, null));
        put(metric, value);
    }

    /** A metric in the JSON only, not a row of the table. */
    void metric(String name, double value) {
        if (metrics.put(name, value) != null) {
            throw new IllegalStateException("metric " + name + " reported twice");
        }
    }

    /**
     * A goal on a metric: printed under the table ("holds" or "DOES NOT HOLD", with the value) and written as the
     * metric {@code goal_<metric>_at_least_<bound>} or {@code _at_most_} (1 or 0). An unknown (NaN) value does not hold.
     *
     * @param atLeast true for {@code metric >= bound}, false for {@code metric <= bound}
     */
    void goal(String metric, boolean atLeast, double bound) {
        double v = metricValue(metric);
        boolean holds = atLeast ? v >= bound : v <= bound;
        metric("goal_" + metric + (atLeast ? "_at_least_" : "_at_most_") + Option.plain(bound).replace('.', '_'), holds ? 1 : 0);
        note(String.format(Locale.ROOT, "goal %s %s %s: %s (%s)", metric, atLeast ? ">=" : "<=", Option.plain(bound),
                holds ? "holds" : "DOES NOT HOLD", num(v)));
    }

    /** Above this share of stolen CPU, the table says its figures are unreliable. */
    static final double STOLEN_CPU_WARNING = 0.05;

    /**
     * The share of the machine's CPU the hypervisor gave to other guests during the run ({@link StolenCpu}): the metric
     * {@code stolen_cpu_pct}, and a note when it is above {@value #STOLEN_CPU_WARNING}. Nothing when unknown.
     */
    void stolenCpu(double fraction) {
        if (Double.isNaN(fraction)) {
            return;
        }
        metric("stolen_cpu_pct", Math.round(fraction * 1000) / 10.0);
        if (fraction > STOLEN_CPU_WARNING) {
            note(String.format(Locale.ROOT, "note: the hypervisor gave %.0f%% of this machine's CPU time to other guests during the"
                    + " run (steal time, /proc/stat; each round's share is in its log line): tail latencies and ratios from"
                    + " this run are not reliable", fraction * 100));
        }
    }

    /** A line printed under the table (goals, caveats). */
    void note(String line) {
        notes.add(line);
    }

    /** The metric's value; throws when it was not reported. */
    double metricValue(String name) {
        Double v = metrics.get(name);
        if (v == null) {
            throw new IllegalStateException("no metric " + name);
        }
        return v;
    }

    Set<String> metricNames() {
        return metrics.keySet();
    }

    static double ratio(Stats a, Stats b) {
        return b.median() == 0 ? Double.NaN : a.median() / b.median();
    }

    private void put(String name, Stats s) {
        if (name == null) {
            return;
        }
        metric(name, s.median());
        metric(name + "_min", s.min());
        metric(name + "_max", s.max());
    }

    /** The {@code --json} object: scenario, params, machine, metrics. */
    String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("scenario", scenario);
        root.put("params", params);
        root.put("machine", machine.asMap());
        root.put("metrics", metrics);
        return Json.write(root);
    }

    /** The table of BENCH.md: machine, parameters, each figure for Lodestone and baseline, their ratio. */
    void printTable(PrintStream out) {
        out.println();
        out.println("bench " + scenario + ": " + title);
        out.println("machine:    " + machine.line());
        StringBuilder p = new StringBuilder();
        params.forEach((k, v) -> p.append(p.length() == 0 ? "" : " ").append(k).append('=')
                .append(v instanceof Double d ? Option.plain(d) : v));
        out.println("parameters: " + p);
        if (!lodestoneSide.isEmpty()) {
            out.println("lodestone:  " + lodestoneSide);
            out.println("baseline:   " + baselineSide);
        }
        int rounds = rows.isEmpty() ? 0 : rows.get(0).lodestone().rounds();
        out.println("figures:    median [min .. max] of " + rounds + " rounds; ratio = lodestone / baseline");
        int labelWidth = 8;
        for (Row r : rows) {
            labelWidth = Math.max(labelWidth, r.label().length() + r.unit().length() + 3);
        }
        String fmt = "%-" + labelWidth + "s  %-28s  %-28s  %s%n";
        out.printf(Locale.ROOT, fmt, "figure", "lodestone", "baseline", "ratio");
        for (Row r : rows) {
            out.printf(Locale.ROOT, fmt, r.label() + " (" + r.unit() + ")", cell(r.lodestone()),
                    r.baseline() == null ? "-" : cell(r.baseline()),
                    r.baseline() == null ? "-" : num(ratio(r.lodestone(), r.baseline())));
        }
        for (String n : notes) {
            out.println(n);
        }
    }

    private static String cell(Stats s) {
        return num(s.median()) + " [" + num(s.min()) + " .. " + num(s.max()) + "]";
    }

    /** A figure as people read it: about four significant digits, no exponent below a billion. */
    static String num(double d) {
        if (!Double.isFinite(d)) {
            return "n/a";
        }
        double a = Math.abs(d);
        if (a == 0 || (a >= 1000 && a < 1e12) || (d == Math.rint(d) && a < 1e12)) {
            return String.format(Locale.ROOT, "%.0f", d);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.3f", d);
        }
        if (a >= 0.001) {
            return String.format(Locale.ROOT, "%.4f", d);
        }
        return String.format(Locale.ROOT, "%.3g", d);
    }

    /** A round's figures on one line: {@code name=value, ...}. */
    static String figures(Map<String, Double> round) {
        StringBuilder sb = new StringBuilder();
        round.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(num(v)));
        return sb.toString();
    }
}
