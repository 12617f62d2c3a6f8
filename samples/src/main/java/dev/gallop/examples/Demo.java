package dev.gallop.examples;

import dev.gallop.Gallop;
import dev.gallop.task.TaskAttempt;
import dev.gallop.task.TaskResult;
import dev.gallop.worker.Worker;
import dev.gallop.worker.WorkerOptions;
import dev.gallop.workflow.WorkflowStatus;
import dev.gallop.workflow.WorkflowTaskInfo;
import java.time.Duration;

/**
 * The README demo: the annotated nightly ETL ({@link Etl}, {@link NightlyEtl}) on the embedded
 * PostgreSQL (or the server in GALLOP_DATABASE_URL). One region's fetch fails for good, one is
 * flaky and retried, and the merge ({@code allowFailedDeps}) recovers from the failure; the success
 * policy marks the run successful when the report is produced. Statuses print as they change.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws Exception {
    System.out.println(
        "Gallop demo: starting the database (embedded PostgreSQL unless GALLOP_DATABASE_URL is set)...");
    try (Gallop gallop = Gallop.builder().build()) {
      System.out.println("Database: " + gallop.databaseDescription());
      EtlTasks.register(gallop, new Etl()); // generated: registers every @Task of Etl
      NightlyEtlWorkflow.Spec spec =
          NightlyEtlWorkflow.spec(gallop, java.time.LocalDate.now().toString());

      try (Worker worker =
          gallop
              .worker(
                  WorkerOptions.builder()
                      .concurrency(4)
                      .notifyPollInterval(Duration.ofSeconds(1))
                      .build())
              .start()) {
        NightlyEtlWorkflow.Handle h = spec.start();
        System.out.println(
            "Started workflow '"
                + NightlyEtlWorkflow.NAME
                + "' as "
                + h.workflowId()
                + " with worker "
                + worker.workerId());
        System.out.println();
        String last = "";
        Progress progress = new Progress(gallop, h);
        var done = h.getAsync(Duration.ofMinutes(2));
        while (!done.isDone()) {
          String line = progress.line();
          if (!line.equals(last)) {
            System.out.println(line);
            last = line;
          }
          Thread.sleep(150); // display refresh only; the wait itself is done by getAsync
        }
        String line = progress.line();
        if (!line.equals(last)) {
          System.out.println(line);
        }
        TaskResult<String> result = done.join();
        System.out.println();
        System.out.println(
            "Workflow status: " + h.status() + "  result: " + Progress.describe(result));
        System.out.println();
        System.out.println(String.format("%-8s %-10s %8s  %s", "node", "status", "ms", "result"));
        for (WorkflowTaskInfo t : h.tasks()) {
          long ms =
              t.startedAt() != null && t.completedAt() != null
                  ? Duration.between(t.startedAt(), t.completedAt()).toMillis()
                  : -1;
          int attempts =
              t.taskId() == null ? 0 : gallop.taskHandle(t.taskId()).info().attempts().size();
          System.out.println(
              String.format(
                  "%-8s %-10s %8s  %s%s",
                  t.nodeId(),
                  t.status(),
                  ms < 0 ? "-" : ms,
                  Progress.describe(t.result()),
                  attempts > 1 ? "  [" + attempts + " attempts]" : ""));
        }
        System.out.println();
        System.out.println(
            "Typed results: h.merge() = "
                + Progress.describe(h.merge())
                + ", h.legacy() = "
                + Progress.describe(h.legacy()));
        var apacTask =
            h.tasks().stream().filter(t -> t.nodeId().equals("apac")).findFirst().orElseThrow();
        System.out.println();
        System.out.println("Attempts of 'apac' (flaky, retried by policy):");
        for (TaskAttempt a : gallop.taskHandle(apacTask.taskId()).info().attempts()) {
          System.out.println(
              "  #"
                  + a.attempt()
                  + " "
                  + a.outcome()
                  + (a.errorCode() == null ? "" : " " + a.errorCode())
                  + (a.willRetry() ? " -> retry" : ""));
        }
        boolean ok = h.status() == WorkflowStatus.COMPLETED && result.isOk();
        System.out.println();
        System.out.println(
            ok
                ? "Demo finished: the workflow completed despite the failed 'legacy' branch."
                : "Demo finished with status " + h.status());
        if (!ok) {
          System.exit(1);
        }
      }
    }
  }
}
