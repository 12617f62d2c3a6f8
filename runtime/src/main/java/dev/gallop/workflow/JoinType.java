package dev.gallop.workflow;

/** How a node's dependencies decide when it becomes ready. */
public enum JoinType {
  /** Default: every dependency terminal; ready if none failed or skipped (or allowFailedDeps). */
  ALL,
  /** Ready at the first completed dependency; skipped when all are terminal and none completed. */
  ANY,
  /** Ready once {@code minSuccess} dependencies completed; skipped when that is unreachable. */
  QUORUM
}
