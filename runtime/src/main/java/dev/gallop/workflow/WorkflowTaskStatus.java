package dev.gallop.workflow;

/** Status of one node of a workflow. */
public enum WorkflowTaskStatus {
  PENDING,
  READY,
  ENQUEUED,
  RUNNING,
  COMPLETED,
  FAILED,
  SKIPPED;

  /** COMPLETED, FAILED and SKIPPED are terminal. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == SKIPPED;
  }
}
