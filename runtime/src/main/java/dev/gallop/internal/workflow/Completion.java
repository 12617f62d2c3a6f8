package dev.gallop.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.internal.db.Sql;
import dev.gallop.internal.json.Json;
import dev.gallop.internal.json.TaskResultJson;
import dev.gallop.task.BuiltInCode;
import dev.gallop.task.TaskError;
import dev.gallop.workflow.WorkflowStatus;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finalizes a workflow whose nodes are all terminal (workflow-semantics §8): decides success, and
 * computes the result (output node, or the map over sink nodes) or the final error (lowest-index
 * FAILED node, among the required ones under a policy). Reads only the output, sink or required
 * rows.
 */
final class Completion {
  private static final String STATUSES =
      """
      select node_index, status from gallop_workflow_nodes where workflow_id = ? and node_index = any(?)
      """;
  private static final String NODE =
      """
      select node_index, node_id, status, result from gallop_workflow_nodes where workflow_id = ? and node_index = ?
      """;
  private static final String SINKS =
      """
      select node_index, node_id, status, result from gallop_workflow_nodes
       where workflow_id = ? and is_sink order by node_index
      """;
  private static final String LOWEST_REQUIRED_FAILED =
      """
      select min(node_index) from gallop_workflow_nodes
       where workflow_id = ? and node_index = any(?) and status = 'FAILED'
      """;

  private record Node(int index, String nodeId, String status, @Nullable String result) {}

  private Completion() {}

  static void complete(Connection c, Advancement.Wf wf) throws SQLException {
    boolean success;
    if (wf.policy == null) {
      success = wf.failed == 0;
    } else {
      Map<Integer, String> statuses = new HashMap<>();
      for (var e :
          Sql.query(
              c,
              STATUSES,
              rs -> Map.entry(rs.getInt(1), rs.getString(2)),
              wf.id,
              wf.requiredUnion)) {
        statuses.put(e.getKey(), e.getValue());
      }
      success = false;
      try {
        for (JsonNode kase : Json.parse(wf.policy)) {
          boolean all = true;
          for (JsonNode idx : kase) {
            all &= "COMPLETED".equals(statuses.get(idx.asInt()));
          }
          success |= all;
        }
      } catch (IOException e) {
        throw new SQLException("stored success policy of " + wf.id + " is unreadable", e);
      }
    }
    wf.completedNow = true;
    if (success) {
      wf.status = WorkflowStatus.COMPLETED;
      wf.result = wf.outputIndex != null ? outputResult(c, wf) : sinkMap(c, wf);
      return;
    }
    wf.status = WorkflowStatus.FAILED;
    Integer idx =
        wf.policy == null
            ? wf.lowestFailed
            : Sql.one(
                    c,
                    LOWEST_REQUIRED_FAILED,
                    rs -> Sql.intOrNull(rs, "min"),
                    wf.id,
                    wf.requiredUnion)
                .orElse(null);
    if (idx == null) {
      wf.error =
          TaskResultJson.errorToNode(
                  TaskError.of(
                      BuiltInCode.WORKFLOW_SUCCESS_CASE_NOT_MET,
                      "no success case of workflow '" + wf.name + "' was met"))
              .toString();
      return;
    }
    Optional<Node> failed = node(c, wf.id, idx);
    wf.error = failed.map(n -> Advancement.errorText(n.result())).orElse(null);
  }

  private static Optional<Node> node(Connection c, String wf, int index) throws SQLException {
    return Sql.one(
        c,
        NODE,
        rs -> new Node(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)),
        wf,
        index);
  }

  private static String outputResult(Connection c, Advancement.Wf wf) throws SQLException {
    Node out =
        node(c, wf.id, wf.outputIndex)
            .orElseThrow(() -> new SQLException("output node missing in " + wf.id));
    return valueOf(out).toString();
  }

  private static String sinkMap(Connection c, Advancement.Wf wf) throws SQLException {
    ObjectNode map = JsonNodeFactory.instance.objectNode();
    for (Node n :
        Sql.query(
            c,
            SINKS,
            rs -> new Node(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)),
            wf.id)) {
      map.set(n.nodeId(), valueOf(n));
    }
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("ok", true);
    result.set("value", map);
    return result.toString();
  }

  /** A node's result for the output or sink map: its stored result, or the skipped sentinel. */
  private static JsonNode valueOf(Node n) {
    JsonNode v = Advancement.captured(n.index(), n.status(), n.nodeId(), n.result());
    return v != null ? v : TaskResultJson.toNode(Advancement.skipped(n.index(), n.nodeId()));
  }
}
