package dev.gallop.monitor;

import dev.gallop.task.TaskInfo;
import dev.gallop.workflow.WorkflowInfo;
import dev.gallop.workflow.WorkflowTaskInfo;
import java.util.List;
import java.util.Optional;

/**
 * Read-only views over the whole database for operators: the command line, the dashboard and your
 * own tooling. Every call is one short read transaction; nothing here changes state (use {@link
 * dev.gallop.workflow.WorkflowHandle} to pause, resume or cancel).
 *
 * <p>Results are snapshots: rows can change between two calls. Stored results are decoded without
 * the registered types (plain JSON values: maps, lists, strings, numbers), so a monitor works in a
 * process that registered no tasks. Thread-safe.
 *
 * @see dev.gallop.Gallop#monitor()
 */
public interface Monitor {
  /** Workflows matching {@code query}, newest first. */
  List<WorkflowInfo> workflows(WorkflowQuery query);

  /**
   * A workflow with its nodes and edges, for drawing it; node results are not included (see {@link
   * #node}).
   *
   * @return empty if there is no such workflow
   */
  Optional<WorkflowGraph> graph(String workflowId);

  /**
   * One node with its stored result.
   *
   * @return empty if the workflow or the node index does not exist
   */
  Optional<WorkflowTaskInfo> node(String workflowId, int nodeIndex);

  /** Tasks matching {@code query} with their attempts, most recently sent first. */
  List<TaskInfo> tasks(TaskQuery query);

  /**
   * One task with its attempts.
   *
   * @return empty if there is no such task
   */
  Optional<TaskInfo> task(String taskId);

  /**
   * Every queue this engine is configured with plus every queue that holds unfinished tasks, by
   * name.
   */
  List<QueueStats> queues();

  /** Workers that registered in the last 7 days (retention removes older rows), newest first. */
  List<WorkerStatus> workers();
}
