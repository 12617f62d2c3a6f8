package dev.gallop.error;

import org.jspecify.annotations.Nullable;

/** A workflow handle operation failed (unknown id, database problem, internal error). */
public class WorkflowHandleException extends GallopException {
  private static final long serialVersionUID = 1L;

  /** Why a handle operation failed. */
  public enum Code {
    /** No workflow has this id; not retryable. */
    WORKFLOW_NOT_FOUND,
    /** The database failed; {@link #retryable()} when the cause is transient. */
    DB_OPERATION_FAILED,
    /** An internal error. */
    INTERNAL_FAILED
  }

  private final Code code;
  private final String workflowId;

  public WorkflowHandleException(
      Code code, String message, boolean retryable, String workflowId, @Nullable Throwable cause) {
    super(message, retryable, cause);
    this.code = code;
    this.workflowId = workflowId;
  }

  public Code code() {
    return code;
  }

  public String workflowId() {
    return workflowId;
  }
}
