package dev.lodestone.samples.quickstart;

import dev.lodestone.api.Grid;
import dev.lodestone.api.Lodestone;
import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.task.Priority;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.TaskHandle;
import java.time.Duration;

/** The README's ten-line example, kept compiling and running by SamplesIT. */
public final class QuickStart {

    private QuickStart() {
    }

    /** Runs the example on an embedded cluster and returns what it printed. */
    public static String run() {
        try (Grid grid = Lodestone.embedded()) {                 // or Lodestone.connect(ConnectOptions.of("host:5701"))
            GridMap<Integer, String> lines = grid.createMap("lines");
            lines.put(7, "to be or not to be");
            TaskHandle<Integer> h = grid.submit(new LineLength(7),
                    SubmitOptions.affinity("lines", 7).withPriority(Priority.HIGH).withTimeout(Duration.ofSeconds(5)));
            return "task " + h.id() + " -> " + h.result().join() + " on " + h.executedOn().orElseThrow();
        }
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.out.println(run());
    }
}
