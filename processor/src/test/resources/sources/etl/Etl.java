package etl;

import dev.gallop.annotations.Retry;
import dev.gallop.annotations.Task;
import dev.gallop.task.TaskContext;
import dev.gallop.task.TaskResult;
import java.util.List;
import org.jspecify.annotations.Nullable;

public class Etl {
  @Task("etl.extract")
  public TaskResult<String> extract(String date) {
    return TaskResult.ok("snapshot-" + date);
  }

  @Task(
      value = "etl.fetch",
      retry = @Retry(max = 2, backoff = Retry.Backoff.FIXED, initial = "PT1S", on = "FLAKY"))
  public TaskResult<Integer> fetch(String region, TaskContext ctx) {
    return TaskResult.ok(ctx.attempt());
  }

  @Task(value = "etl.merge", priority = 5)
  public static TaskResult<List<String>> merge(
      @Nullable TaskResult<Integer> eu, @Nullable TaskResult<Integer> us) {
    return TaskResult.ok(List.of(String.valueOf(eu), String.valueOf(us)));
  }
}
