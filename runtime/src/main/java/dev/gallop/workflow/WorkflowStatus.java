package dev.gallop.workflow;

/** Status of a workflow. {@code PENDING} is never written: workflows are stored RUNNING. */
public enum WorkflowStatus {
  PENDING,
  RUNNING,
  COMPLETED,
  FAILED,
  PAUSED,
  CANCELLED;

  /** COMPLETED, FAILED and CANCELLED are final. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
