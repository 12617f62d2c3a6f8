package dev.gallop.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.workflow.SubWorkflowSummary;
import dev.gallop.workflow.WorkflowStatus;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/** Stored form of a {@link SubWorkflowSummary}. */
public final class SummaryJson {
  private SummaryJson() {}

  public static ObjectNode toNode(
      WorkflowStatus status,
      @Nullable JsonNode output,
      int total,
      int completed,
      int failed,
      int skipped,
      @Nullable String errorSummary) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("status", status.name());
    n.set("output", output == null ? JsonNodeFactory.instance.nullNode() : output);
    n.put("totalTasks", total);
    n.put("completedTasks", completed);
    n.put("failedTasks", failed);
    n.put("skippedTasks", skipped);
    if (errorSummary == null) {
      n.putNull("errorSummary");
    } else {
      n.put("errorSummary", errorSummary);
    }
    return n;
  }

  /** Reads a summary; the output converted to {@code outputType} (null = generic form). */
  public static SubWorkflowSummary<Object> fromNode(JsonNode n, @Nullable Type outputType) {
    return new SubWorkflowSummary<>(
        WorkflowStatus.valueOf(n.path("status").asText()),
        Json.convert(n.get("output"), outputType),
        n.path("totalTasks").asInt(),
        n.path("completedTasks").asInt(),
        n.path("failedTasks").asInt(),
        n.path("skippedTasks").asInt(),
        n.hasNonNull("errorSummary") ? n.get("errorSummary").asText() : null);
  }
}
