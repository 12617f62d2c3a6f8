package dev.gallop.workflow;

/**
 * A node object without id was used to look up a result. Escaping a task body it becomes {@code
 * err(WORKFLOW_CTX_MISSING_ID)}. Use {@link NodeKey} constants or explicit node ids in task code.
 */
public final class WorkflowContextMissingIdException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public WorkflowContextMissingIdException(String message) {
    super(message);
  }
}
