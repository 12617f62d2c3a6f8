package dev.gallop.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gallop.internal.engine.TaskHandleImpl;
import dev.gallop.internal.engine.TaskRegistry;
import dev.gallop.internal.json.SummaryJson;
import dev.gallop.task.TaskResult;
import dev.gallop.workflow.NodeKey;
import dev.gallop.workflow.SubWorkflowNode;
import dev.gallop.workflow.SubWorkflowSummary;
import dev.gallop.workflow.WorkflowContext;
import dev.gallop.workflow.WorkflowContextMissingIdException;
import dev.gallop.workflow.WorkflowNode;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The {@link WorkflowContext} captured at enqueue time and stored with the task's inputs. */
public final class ContextImpl implements WorkflowContext {
  private final String workflowId;
  private final int taskIndex;
  private final String taskName;
  private final Map<String, @Nullable JsonNode> entries;
  private final Map<String, JsonNode> summaries;

  private ContextImpl(
      String workflowId,
      int taskIndex,
      String taskName,
      Map<String, @Nullable JsonNode> entries,
      Map<String, JsonNode> summaries) {
    this.workflowId = workflowId;
    this.taskIndex = taskIndex;
    this.taskName = taskName;
    this.entries = entries;
    this.summaries = summaries;
  }

  /** Reads the stored form written by the enqueuing engine. */
  public static WorkflowContext decode(JsonNode n, TaskRegistry registry) {
    Map<String, JsonNode> entries = new LinkedHashMap<>();
    Map<String, JsonNode> summaries = new LinkedHashMap<>();
    for (JsonNode e : n.path("entries")) {
      entries.put(e.path("nodeId").asText(), e.get("result"));
      if (e.hasNonNull("summary")) {
        summaries.put(e.path("nodeId").asText(), e.get("summary"));
      }
    }
    return new ContextImpl(
        n.path("workflowId").asText(),
        n.path("taskIndex").asInt(),
        n.path("taskName").asText(),
        entries,
        summaries);
  }

  @Override
  public String workflowId() {
    return workflowId;
  }

  @Override
  public int taskIndex() {
    return taskIndex;
  }

  @Override
  public String taskName() {
    return taskName;
  }

  @Override
  public <U> TaskResult<U> resultFor(WorkflowNode<U> node) {
    String id =
        node.nodeId()
            .orElseThrow(() ->
                new WorkflowContextMissingIdException(
                    "node of task '"
                        + node.label()
                        + "' has no id; use an explicit nodeId or a NodeKey in task code"));
    return lookup(id, node.resultType());
  }

  @Override
  public <U> TaskResult<U> resultFor(NodeKey<U> key) {
    return lookup(key.id(), key.type());
  }

  @SuppressWarnings("unchecked")
  private <U> TaskResult<U> lookup(String id, @Nullable Type type) {
    if (!entries.containsKey(id)) {
      throw new IllegalArgumentException(
          "node '" + id + "' is not in this task's workflowCtxFrom; it has " + entries.keySet());
    }
    JsonNode v = entries.get(id);
    if (v == null || v.isNull()) {
      return null;
    }
    return (TaskResult<U>) (TaskResult<?>) TaskHandleImpl.decode(v.toString(), type);
  }

  @Override
  public boolean hasResult(WorkflowNode<?> node) {
    return node.nodeId().map(this::has).orElse(false);
  }

  @Override
  public boolean hasResult(NodeKey<?> key) {
    return has(key.id());
  }

  private boolean has(String id) {
    JsonNode v = entries.get(id);
    return v != null && !v.isNull();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <U> SubWorkflowSummary<U> summaryFor(SubWorkflowNode<U> node) {
    String id =
        node.nodeId()
            .orElseThrow(() ->
                new WorkflowContextMissingIdException(
                    "node '" + node.label() + "' has no id; use an explicit nodeId in task code"));
    if (!entries.containsKey(id)) {
      throw new IllegalArgumentException(
          "node '" + id + "' is not in this task's workflowCtxFrom; it has " + entries.keySet());
    }
    JsonNode s = summaries.get(id);
    if (s == null) {
      throw new IllegalArgumentException("node '" + id + "' has no subworkflow summary");
    }
    return (SubWorkflowSummary<U>)
        (SubWorkflowSummary<?>) SummaryJson.fromNode(s, node.resultType());
  }

  @Override
  public boolean hasSummary(SubWorkflowNode<?> node) {
    return node.nodeId().map(summaries::containsKey).orElse(false);
  }

  @Override
  public String toString() {
    return "WorkflowContext["
        + workflowId
        + ", node "
        + taskIndex
        + ", entries="
        + entries.keySet()
        + "]";
  }
}
