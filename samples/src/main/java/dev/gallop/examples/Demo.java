package dev.gallop.examples;

import dev.gallop.Gallop;
import dev.gallop.task.RetryPolicy;
import dev.gallop.task.Task;
import dev.gallop.task.TaskAttempt;
import dev.gallop.task.TaskResult;
import dev.gallop.worker.Worker;
import dev.gallop.worker.WorkerOptions;
import dev.gallop.workflow.SuccessCase;
import dev.gallop.workflow.SuccessPolicy;
import dev.gallop.workflow.TaskNode;
import dev.gallop.workflow.WorkflowHandle;
import dev.gallop.workflow.WorkflowStatus;
import dev.gallop.workflow.WorkflowTaskInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The README demo: a nightly ETL as a fan-out/fan-in workflow on the embedded PostgreSQL (or the
 * server in GALLOP_DATABASE_URL). One region's fetch fails for good, one is flaky and retries, and
 * a merge node with allowFailedDeps recovers from the failure; a success policy marks the run
 * successful when the report is produced. The DAG's statuses are printed as they change.
 */
public final class Demo {
  /** Input of a regional fetch. */
  public record Fetch(
      String region, int rows, long millis, @Nullable String failWith, boolean flaky) {}

  /** Input of the merge: one upstream result per region. */
  public record Merge(
      @Nullable TaskResult<Integer> eu,
      @Nullable TaskResult<Integer> us,
      @Nullable TaskResult<Integer> apac,
      @Nullable TaskResult<Integer> legacy) {}

  /** Input of the report. */
  public record Report(@Nullable TaskResult<String> merged) {}

  /** Input of the extract step. */
  public record Extract(String date) {}

  private Demo() {}

  public static void main(String[] args) throws Exception {
    System.out.println(
        "Gallop demo: starting the database (embedded PostgreSQL unless GALLOP_DATABASE_URL is set)...");
    try (Gallop gallop = Gallop.builder().build()) {
      System.out.println("Database: " + gallop.databaseDescription());
      Task<Extract, String> extract =
          gallop
              .task("extract", Extract.class, String.class)
              .handler((in, ctx) -> {
                pause(300);
                return TaskResult.ok("snapshot-" + in.date());
              });
      Task<Fetch, Integer> fetch =
          gallop
              .task("fetch", Fetch.class, Integer.class)
              .retryPolicy(RetryPolicy.fixed(List.of(Duration.ofSeconds(1)), "FLAKY_NETWORK"))
              .handler((in, ctx) -> {
                pause(in.millis());
                if (in.failWith() != null) {
                  return TaskResult.err(in.failWith(), in.region() + " source is down");
                }
                if (in.flaky() && ctx.attempt() == 1) {
                  return TaskResult.err(
                      "FLAKY_NETWORK", in.region() + ": connection reset (will retry)");
                }
                return TaskResult.ok(in.rows());
              });
      Task<Merge, String> merge =
          gallop
              .task("merge", Merge.class, String.class)
              .handler((in, ctx) -> {
                pause(400);
                Map<String, TaskResult<Integer>> parts = new java.util.LinkedHashMap<>();
                parts.put("eu", in.eu());
                parts.put("us", in.us());
                parts.put("apac", in.apac());
                parts.put("legacy", in.legacy());
                int total =
                    parts.values().stream()
                        .filter(r -> r != null && r.isOk())
                        .mapToInt(TaskResult::okValue)
                        .sum();
                String missing =
                    parts.entrySet().stream()
                        .filter(e -> e.getValue() == null || e.getValue().isErr())
                        .map(Map.Entry::getKey)
                        .collect(Collectors.joining(","));
                return TaskResult.ok(
                    total
                        + " rows merged"
                        + (missing.isEmpty() ? "" : " (missing: " + missing + ")"));
              });
      Task<Report, String> report =
          gallop
              .task("report", Report.class, String.class)
              .handler((in, ctx) -> {
                pause(300);
                return TaskResult.ok("report: " + in.merged().okValue());
              });

      TaskNode<String> ex =
          TaskNode.of(extract)
              .input("date", java.time.LocalDate.now().toString())
              .nodeId("extract")
              .build();
      TaskNode<Integer> eu = fetchNode(fetch, "eu", 1200, 900, null, false, ex);
      TaskNode<Integer> us = fetchNode(fetch, "us", 3400, 1400, null, false, ex);
      TaskNode<Integer> apac = fetchNode(fetch, "apac", 800, 700, null, true, ex);
      TaskNode<Integer> legacy = fetchNode(fetch, "legacy", 0, 500, "SOURCE_DOWN", false, ex);
      TaskNode<String> mg =
          TaskNode.of(merge)
              .nodeId("merge")
              .waitsFor(eu, us, apac, legacy)
              .allowFailedDeps()
              .argsFrom("eu", eu)
              .argsFrom("us", us)
              .argsFrom("apac", apac)
              .argsFrom("legacy", legacy)
              .build();
      TaskNode<String> rp =
          TaskNode.of(report).nodeId("report").waitsFor(mg).argsFrom("merged", mg).build();

      var spec =
          gallop
              .workflow("nightly etl")
              .nodes(ex, eu, us, apac, legacy, mg, rp)
              .output(rp)
              .successPolicy(SuccessPolicy.of(SuccessCase.of(rp)).withOptional(legacy))
              .build();

      try (Worker worker =
          gallop
              .worker(
                  WorkerOptions.builder()
                      .concurrency(4)
                      .notifyPollInterval(Duration.ofSeconds(1))
                      .build())
              .start()) {
        WorkflowHandle<String> h = spec.start();
        System.out.println(
            "Started workflow '"
                + spec.name()
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

  private static TaskNode<Integer> fetchNode(
      Task<Fetch, Integer> fetch,
      String region,
      int rows,
      long millis,
      @Nullable String failWith,
      boolean flaky,
      TaskNode<String> after) {
    return TaskNode.of(fetch)
        .inputs(new Fetch(region, rows, millis, failWith, flaky))
        .nodeId(region)
        .waitsFor(after)
        .build();
  }

  private static void pause(long ms) throws InterruptedException {
    Thread.sleep(ms + ThreadLocalRandom.current().nextLong(100)); // simulated work
  }
}
