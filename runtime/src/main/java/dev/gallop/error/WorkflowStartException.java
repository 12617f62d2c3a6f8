package dev.gallop.error;

import org.jspecify.annotations.Nullable;

/**
 * Starting a workflow failed. {@link #workflowId()} is always filled (generated or given); after a
 * failed start no row of that workflow exists.
 */
public class WorkflowStartException extends GallopException {
  private static final long serialVersionUID = 1L;

  /** Why a start failed. */
  public enum Code {
    /** The spec's engine has been closed. */
    BROKER_NOT_CONFIGURED,
    /** Bad id, or the id belongs to a workflow with another name; nothing was written. */
    VALIDATION_FAILED,
    /** A database failure rolled the start back; {@link #retryable()} when transient. */
    ENQUEUE_FAILED,
    /** An internal error rolled the start back. */
    INTERNAL_FAILED
  }

  private final Code code;
  private final String workflowName;
  private final String workflowId;

  public WorkflowStartException(
      Code code,
      String message,
      boolean retryable,
      String workflowName,
      String workflowId,
      @Nullable Throwable cause) {
    super(message, retryable, cause);
    this.code = code;
    this.workflowName = workflowName;
    this.workflowId = workflowId;
  }

  public Code code() {
    return code;
  }

  public String workflowName() {
    return workflowName;
  }

  public String workflowId() {
    return workflowId;
  }
}
