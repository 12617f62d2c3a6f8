package dev.gallop.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.internal.db.Sql;
import dev.gallop.internal.json.Json;
import dev.gallop.internal.json.SummaryJson;
import dev.gallop.internal.json.TaskResultJson;
import dev.gallop.task.BuiltInCode;
import dev.gallop.task.TaskError;
import dev.gallop.task.TaskResult;
import dev.gallop.workflow.WorkflowStatus;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds what a terminal child workflow contributes to its parent node (subworkflows §5): the
 * summary, and either the child's ok result (node COMPLETED) or {@code SUBWORKFLOW_FAILED}.
 */
final class Propagations {
  private static final String COUNTS =
      """
      select count(*) as total,
             count(*) filter (where status = 'COMPLETED') as completed,
             count(*) filter (where status = 'FAILED') as failed,
             count(*) filter (where status = 'SKIPPED') as skipped
        from gallop_workflow_nodes where workflow_id = ?
      """;

  private Propagations() {}

  static Advancement.Propagation of(Connection c, Advancement.Wf wf) throws SQLException {
    int[] counts =
        Sql.one(
                c,
                COUNTS,
                rs -> new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)},
                wf.id)
            .orElse(new int[4]);
    JsonNode resultNode = null;
    boolean okResult = false;
    if (wf.status == WorkflowStatus.COMPLETED && wf.result != null) {
      try {
        resultNode = Json.parse(wf.result);
        okResult = resultNode.path("ok").asBoolean(false);
      } catch (IOException e) {
        resultNode = null;
      }
    }
    String errorSummary = null;
    if (!okResult) {
      TaskError err = finalError(wf, resultNode);
      errorSummary =
          err.message() == null || err.message().isBlank() ? err.codeName() : err.message();
    }
    ObjectNode summary =
        SummaryJson.toNode(
            wf.status,
            okResult ? resultNode.get("value") : null,
            counts[0],
            counts[1],
            counts[2],
            counts[3],
            errorSummary);
    if (okResult) {
      return new Advancement.Propagation(
          wf.parentId, wf.parentNodeIndex, "COMPLETED", wf.result, summary.toString());
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("subWorkflowId", wf.id);
    data.put("subWorkflowSummary", Json.convert(summary, null));
    String failed =
        TaskResultJson.write(
            TaskResult.err(TaskError.of(BuiltInCode.SUBWORKFLOW_FAILED, errorSummary, data)));
    return new Advancement.Propagation(
        wf.parentId, wf.parentNodeIndex, "FAILED", failed, summary.toString());
  }

  /** The error the child's get() returns. */
  private static TaskError finalError(Advancement.Wf wf, JsonNode resultNode) {
    try {
      return switch (wf.status) {
        case CANCELLED ->
            TaskError.of(BuiltInCode.WORKFLOW_CANCELLED, "workflow '" + wf.id + "' was cancelled");
        case FAILED ->
            wf.error == null
                ? TaskError.of(BuiltInCode.WORKFLOW_FAILED, null)
                : TaskResultJson.errorFromNode(Json.parse(wf.error));
        default ->
            resultNode == null || !resultNode.has("error")
                ? TaskError.of(BuiltInCode.RESULT_DESERIALIZATION_ERROR, "child result unreadable")
                : TaskResultJson.errorFromNode(resultNode.get("error"));
      };
    } catch (IOException | TaskResultJson.UnreadableException e) {
      return TaskError.of(BuiltInCode.RESULT_DESERIALIZATION_ERROR, "child error unreadable");
    }
  }
}
