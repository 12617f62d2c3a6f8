package dev.gallop.workflow;

/**
 * Results of the upstream nodes listed in a node's {@code workflowCtxFrom}, captured when the node
 * was enqueued. Declare a task input of this type to receive it. Immutable and thread-safe.
 */
public interface WorkflowContext {
  String workflowId();

  int taskIndex();

  String taskName();

  /**
   * The captured result of a context node: its stored result, {@code err(UPSTREAM_SKIPPED)} for a
   * skipped node, or null if it was not terminal when this node was enqueued.
   *
   * @throws IllegalArgumentException if the node is not in this context
   * @throws WorkflowContextMissingIdException if the node object has no id
   */
  <U> dev.gallop.task.TaskResult<U> resultFor(WorkflowNode<U> node);

  /** Same as {@link #resultFor(WorkflowNode)} by key. */
  <U> dev.gallop.task.TaskResult<U> resultFor(NodeKey<U> key);

  /** True when the context holds a result for that node. */
  boolean hasResult(WorkflowNode<?> node);

  /** True when the context holds a result for that key. */
  boolean hasResult(NodeKey<?> key);

  /**
   * The summary of a subworkflow context node whose child had finished when this node was enqueued.
   *
   * @throws IllegalArgumentException if the node is not in this context or has no summary
   */
  <U> SubWorkflowSummary<U> summaryFor(SubWorkflowNode<U> node);

  /** True when the context holds a summary for that node. */
  boolean hasSummary(SubWorkflowNode<?> node);
}
