package dev.gallop.monitor;

import dev.gallop.task.TaskStatus;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A filter for {@link Monitor#tasks}. Immutable; start from {@link #recent()} and narrow it with
 * the {@code with...} methods.
 *
 * @param statuses statuses to include; empty = all
 * @param taskName exact registered task name; null = any
 * @param queue exact queue name; null = any
 * @param workflowId only the tasks of this workflow; null = standalone and workflow tasks alike
 * @param limit at most this many rows, 1..1000
 */
public record TaskQuery(
    Set<TaskStatus> statuses,
    @Nullable String taskName,
    @Nullable String queue,
    @Nullable String workflowId,
    int limit) {
  /**
   * @throws IllegalArgumentException if {@code limit} is outside 1..1000
   */
  public TaskQuery {
    statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
    Limits.check(limit);
  }

  /** Every task, the 50 most recently sent. */
  public static TaskQuery recent() {
    return new TaskQuery(Set.of(), null, null, null, 50);
  }

  public TaskQuery withStatuses(Set<TaskStatus> s) {
    return new TaskQuery(s, taskName, queue, workflowId, limit);
  }

  public TaskQuery withTaskName(@Nullable String name) {
    return new TaskQuery(statuses, blankToNull(name), queue, workflowId, limit);
  }

  public TaskQuery withQueue(@Nullable String q) {
    return new TaskQuery(statuses, taskName, blankToNull(q), workflowId, limit);
  }

  public TaskQuery withWorkflowId(@Nullable String id) {
    return new TaskQuery(statuses, taskName, queue, blankToNull(id), limit);
  }

  public TaskQuery withLimit(int n) {
    return new TaskQuery(statuses, taskName, queue, workflowId, n);
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
