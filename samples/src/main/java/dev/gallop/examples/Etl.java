package dev.gallop.examples;

import dev.gallop.annotations.Retry;
import dev.gallop.annotations.Task;
import dev.gallop.task.TaskContext;
import dev.gallop.task.TaskResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The demo's service: plain Java methods declared as Gallop tasks. The processor generates {@code
 * EtlTasks} (input records, descriptors, {@code register(gallop, new Etl())}, typed sends).
 */
public final class Etl {
  /** Takes the day's snapshot. */
  @Task("etl.extract")
  public TaskResult<String> extract(String date) throws InterruptedException {
    work(300);
    return TaskResult.ok("snapshot-" + date);
  }

  /** Fetches one region: fails with {@code failWith} if set, once with FLAKY_NETWORK if flaky. */
  @Task(
      value = "etl.fetch",
      retry =
          @Retry(max = 1, backoff = Retry.Backoff.FIXED, initial = "PT1S", on = "FLAKY_NETWORK"))
  public TaskResult<Integer> fetch(
      String region,
      int rows,
      long millis,
      @Nullable String failWith,
      boolean flaky,
      TaskContext ctx)
      throws InterruptedException {
    work(millis);
    if (failWith != null) {
      return TaskResult.err(failWith, region + " source is down");
    }
    if (flaky && ctx.attempt() == 1) {
      return TaskResult.err("FLAKY_NETWORK", region + ": connection reset (will retry)");
    }
    return TaskResult.ok(rows);
  }

  /** Merges whatever the regions delivered; a failed region is reported as missing. */
  @Task("etl.merge")
  public TaskResult<String> merge(
      TaskResult<Integer> eu,
      TaskResult<Integer> us,
      TaskResult<Integer> apac,
      TaskResult<Integer> legacy)
      throws InterruptedException {
    work(400);
    Map<String, TaskResult<Integer>> parts = new LinkedHashMap<>();
    parts.put("eu", eu);
    parts.put("us", us);
    parts.put("apac", apac);
    parts.put("legacy", legacy);
    int total =
        parts.values().stream().filter(TaskResult::isOk).mapToInt(TaskResult::okValue).sum();
    String missing =
        parts.entrySet().stream()
            .filter(e -> e.getValue().isErr())
            .map(Map.Entry::getKey)
            .collect(Collectors.joining(","));
    return TaskResult.ok(
        total + " rows merged" + (missing.isEmpty() ? "" : " (missing: " + missing + ")"));
  }

  /** Writes the report. */
  @Task("etl.report")
  public TaskResult<String> report(TaskResult<String> merged) throws InterruptedException {
    work(300);
    return TaskResult.ok("report: " + merged.unwrap());
  }

  private static void work(long ms) throws InterruptedException {
    Thread.sleep(ms + ThreadLocalRandom.current().nextLong(100)); // simulated work
  }
}
