package dev.gallop.workflow;

/** What a workflow does when a node fails. */
public enum OnError {
  /** Default: record the failure, let the DAG resolve, finalize when every node is terminal. */
  FAIL,
  /** Pause the workflow at the failure; {@code resume()} continues it. */
  PAUSE
}
