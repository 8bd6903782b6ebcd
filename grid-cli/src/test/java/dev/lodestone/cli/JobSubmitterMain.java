package dev.lodestone.cli;

import dev.lodestone.api.ConnectOptions;
import dev.lodestone.api.Grid;
import dev.lodestone.api.Lodestone;
import dev.lodestone.api.job.JobHandle;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.cli.testtasks.Score;
import dev.lodestone.cli.testtasks.Scored;
import java.util.ArrayList;
import java.util.List;

/**
 * A client in its own JVM, for the test that kills the submitter: submits a durable job of {@link Score} tasks over
 * keys {@code 0..n-1}, prints {@code JOB <id>}, then waits to be killed.
 *
 * <p>Arguments: {@code <address> <cluster name> <map> <n> <millis per task>}.
 */
public final class JobSubmitterMain {

    private JobSubmitterMain() {
    }

    /** Entry point. */
    public static void main(String[] args) throws InterruptedException {
        Grid grid = Lodestone.connect(ConnectOptions.of(args[0]).withClusterName(args[1]));
        String map = args[2];
        int n = Integer.parseInt(args[3]);
        long millis = Long.parseLong(args[4]);
        List<Submission<Scored>> tasks = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            tasks.add(Submission.of(new Score(map, k, millis), SubmitOptions.affinity(map, k)));
        }
        JobHandle<Scored> job = grid.submitJob("orphan", tasks);
        System.out.println("JOB " + job.id());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // killed by the test
    }
}
