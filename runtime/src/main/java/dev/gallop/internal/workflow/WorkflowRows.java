package dev.gallop.internal.workflow;

import dev.gallop.internal.db.Sql;
import dev.gallop.internal.engine.Outcomes;
import dev.gallop.internal.engine.TaskHandleImpl;
import dev.gallop.internal.json.Json;
import dev.gallop.internal.json.SummaryJson;
import dev.gallop.task.BuiltInCode;
import dev.gallop.task.TaskResult;
import dev.gallop.workflow.SubWorkflowSummary;
import dev.gallop.workflow.WorkflowInfo;
import dev.gallop.workflow.WorkflowStatus;
import dev.gallop.workflow.WorkflowTaskInfo;
import dev.gallop.workflow.WorkflowTaskStatus;
import java.io.IOException;
import java.lang.reflect.Type;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Column lists and row mappers for workflow and node snapshots, shared by the handles and the
 * monitoring API so that both read a row the same way.
 */
public final class WorkflowRows {
  /** Columns of {@link #info}, for {@code select ... from gallop_workflows}. */
  public static final String INFO_COLUMNS =
      """
      id, name, status, created_at, started_at, completed_at, parent_workflow_id, parent_node_index, depth,
      root_workflow_id, definition_key\
      """;

  /** Columns of {@link #node}, with {@code n} = the node row and {@code c} = its child workflow. */
  public static final String NODE_COLUMNS =
      """
      n.node_id, n.node_index, n.task_name, n.status, n.result, n.task_id, n.started_at, n.completed_at,
      n.sub_workflow_id, c.status as sub_status, n.sub_workflow_summary\
      """;

  /** The join that {@link #NODE_COLUMNS} needs. */
  public static final String NODE_FROM =
      "gallop_workflow_nodes n left join gallop_workflows c on c.id = n.sub_workflow_id";

  private WorkflowRows() {}

  public static WorkflowInfo info(ResultSet rs) throws SQLException {
    return new WorkflowInfo(
        rs.getString("id"),
        rs.getString("name"),
        WorkflowStatus.valueOf(rs.getString("status")),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "started_at"),
        Sql.instant(rs, "completed_at"),
        rs.getString("parent_workflow_id"),
        Sql.intOrNull(rs, "parent_node_index"),
        rs.getInt("depth"),
        rs.getString("root_workflow_id"),
        rs.getString("definition_key"));
  }

  /**
   * One node; its result is decoded to the type {@code resultType} gives for its task name (null:
   * plain JSON values), and an unreadable stored value becomes an error result, never an exception.
   */
  public static WorkflowTaskInfo node(ResultSet rs, Function<String, @Nullable Type> resultType)
      throws SQLException {
    String text = rs.getString("result");
    TaskResult<?> result =
        text == null
            ? null
            : TaskHandleImpl.decode(text, resultType.apply(rs.getString("task_name")));
    SubWorkflowSummary<?> summary = null;
    String summaryText = rs.getString("sub_workflow_summary");
    if (summaryText != null) {
      try {
        summary = SummaryJson.fromNode(Json.parse(summaryText), null);
      } catch (IOException | RuntimeException e) {
        result =
            Outcomes.builtIn(
                BuiltInCode.RESULT_DESERIALIZATION_ERROR,
                "stored subworkflow summary is unreadable");
      }
    }
    String subStatus = rs.getString("sub_status");
    return new WorkflowTaskInfo(
        rs.getString("node_id"),
        rs.getInt("node_index"),
        rs.getString("task_name"),
        WorkflowTaskStatus.valueOf(rs.getString("status")),
        result,
        rs.getString("task_id"),
        Sql.instant(rs, "started_at"),
        Sql.instant(rs, "completed_at"),
        rs.getString("sub_workflow_id"),
        subStatus == null ? null : WorkflowStatus.valueOf(subStatus),
        summary);
  }
}
