package dev.gallop.annotations;

/**
 * What a workflow does when a node fails and nothing recovers from it; mirrors the runtime's {@code
 * dev.gallop.workflow.OnError}.
 */
public enum OnError {
  /** The workflow fails (the default). */
  FAIL,
  /** The workflow pauses, so that an operator can fix the cause and resume it. */
  PAUSE
}
