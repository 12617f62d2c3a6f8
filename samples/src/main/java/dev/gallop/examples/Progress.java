package dev.gallop.examples;

import dev.gallop.Gallop;
import dev.gallop.monitor.TaskQuery;
import dev.gallop.task.TaskInfo;
import dev.gallop.task.TaskResult;
import dev.gallop.task.TaskStatus;
import dev.gallop.workflow.WorkflowHandle;
import dev.gallop.workflow.WorkflowTaskInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The demo's live view of a workflow: one line per change, {@code extract:done apac:retrying(2)
 * legacy:FAILED ...}, with retries shown as they happen. Two queries per refresh: the nodes, and
 * the workflow's task rows (for their retry counts).
 */
final class Progress {
  private final Gallop gallop;
  private final WorkflowHandle<?> handle;

  Progress(Gallop gallop, WorkflowHandle<?> handle) {
    this.gallop = gallop;
    this.handle = handle;
  }

  /** The current line. */
  String line() {
    Map<Integer, TaskInfo> rows = new HashMap<>();
    for (TaskInfo t :
        gallop
            .monitor()
            .tasks(TaskQuery.recent().withWorkflowId(handle.workflowId()).withLimit(1000))) {
      if (t.nodeIndex() != null) {
        rows.put(t.nodeIndex(), t);
      }
    }
    List<WorkflowTaskInfo> nodes = handle.tasks();
    return nodes.stream()
        .map(n -> n.nodeId() + ":" + symbol(n, rows.get(n.index())))
        .collect(Collectors.joining("  "));
  }

  private static String symbol(WorkflowTaskInfo n, TaskInfo row) {
    int retries = row == null ? 0 : row.retryCount();
    return switch (n.status()) {
      case PENDING -> "waiting";
      case READY, ENQUEUED -> retries > 0 ? "retrying(" + (retries + 1) + ")" : "queued";
      case RUNNING ->
          retries == 0
              ? "RUNNING"
              : row.status() == TaskStatus.RUNNING
                  ? "RUNNING(attempt " + (retries + 1) + ")"
                  : "retrying(" + (retries + 1) + ")";
      case COMPLETED -> retries > 0 ? "done(after " + (retries + 1) + " attempts)" : "done";
      case FAILED -> "FAILED";
      case SKIPPED -> "skipped";
    };
  }

  /** A result as the dashboard shows it: the value, or {@code CODE: message}. */
  static String describe(TaskResult<?> r) {
    if (r == null) {
      return "";
    }
    return r.isOk() ? String.valueOf(r.okValue()) : r.errValue().describe();
  }
}
