package dev.gallop.annotations;

/** When a node with several dependencies may run; mirrors the runtime's {@code JoinType}. */
public enum Join {
  /** Every dependency completed (or, with {@code allowFailedDeps}, finished). The default. */
  ALL,
  /** The first dependency that completes; the node's {@code @From} inputs must be nullable. */
  ANY,
  /** {@code minSuccess} dependencies completed; {@code @From} inputs must be nullable. */
  QUORUM
}
