package dev.gallop.dashboard;

import dev.gallop.task.TaskError;
import dev.gallop.task.TaskResult;
import dev.gallop.workflow.WorkflowTaskInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * JSON shapes (as maps for any JSON library) of values whose Java form does not serialize as-is,
 * used by the dashboard's API and the command line's {@code --json}: a {@link TaskResult} becomes
 * {@code {"ok": true, "value": ...}} or {@code {"ok": false, "error": {"code", "message",
 * "data"}}}. Stateless; thread-safe.
 */
public final class JsonViews {
  private JsonViews() {}

  /** A result as {@code ok}/{@code value} or {@code ok}/{@code error}; null stays null. */
  public static @Nullable Map<String, Object> result(@Nullable TaskResult<?> r) {
    if (r == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    switch (r) {
      case TaskResult.Ok<?> ok -> {
        out.put("ok", true);
        out.put("value", ok.value());
      }
      case TaskResult.Err<?> err -> {
        out.put("ok", false);
        out.put("error", error(err.error()));
      }
    }
    return out;
  }

  private static Map<String, Object> error(TaskError e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("code", e.codeName());
    out.put("message", e.message());
    out.put("data", e.data());
    if (e.exception() != null) {
      out.put("exception", e.exception());
    }
    return out;
  }

  /** A node snapshot with its result in the shape of {@link #result}. */
  /** A node snapshot with its result in the shape of {@link #result}. */
  public static Map<String, Object> node(WorkflowTaskInfo n) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("nodeId", n.nodeId());
    out.put("index", n.index());
    out.put("name", n.name());
    out.put("status", n.status());
    out.put("result", result(n.result()));
    out.put("taskId", n.taskId());
    out.put("startedAt", n.startedAt());
    out.put("completedAt", n.completedAt());
    out.put("subWorkflowId", n.subWorkflowId());
    out.put("subWorkflowStatus", n.subWorkflowStatus());
    out.put("subWorkflowSummary", n.subWorkflowSummary());
    return out;
  }
}
