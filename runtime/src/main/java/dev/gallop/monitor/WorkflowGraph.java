package dev.gallop.monitor;

import dev.gallop.workflow.JoinType;
import dev.gallop.workflow.WorkflowInfo;
import dev.gallop.workflow.WorkflowStatus;
import dev.gallop.workflow.WorkflowTaskStatus;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A workflow and its DAG: every node with its status and the indexes of the nodes it depends on.
 *
 * @param workflow the workflow row
 * @param nodes nodes in index order ({@code nodes.get(i).index() == i})
 */
public record WorkflowGraph(WorkflowInfo workflow, List<Node> nodes) {
  public WorkflowGraph {
    nodes = List.copyOf(nodes);
  }

  /** What a node runs. */
  public enum Kind {
    /** A registered task. */
    TASK,
    /** A child workflow. */
    SUBWORKFLOW
  }

  /**
   * One node of the graph.
   *
   * @param index position in the spec
   * @param nodeId the node's id
   * @param name task name, or the child workflow's name
   * @param kind task or subworkflow
   * @param status current status
   * @param dependencies indexes of the nodes this one waits for
   * @param joinType its join rule
   * @param minSuccess QUORUM's threshold, else null
   * @param allowFailedDeps whether it runs after failed dependencies
   * @param queue queue of a task node (null: the task's default), null for subworkflows
   * @param taskId the current task row once enqueued (task nodes), else null
   * @param subWorkflowId the child workflow once started (subworkflow nodes), else null
   * @param subWorkflowStatus the child's status, else null
   * @param startedAt when its body or child started, else null
   * @param completedAt when it became terminal, else null
   */
  public record Node(
      int index,
      String nodeId,
      String name,
      Kind kind,
      WorkflowTaskStatus status,
      List<Integer> dependencies,
      JoinType joinType,
      @Nullable Integer minSuccess,
      boolean allowFailedDeps,
      @Nullable String queue,
      @Nullable String taskId,
      @Nullable String subWorkflowId,
      @Nullable WorkflowStatus subWorkflowStatus,
      @Nullable Instant startedAt,
      @Nullable Instant completedAt) {
    public Node {
      dependencies = List.copyOf(dependencies);
    }
  }
}
