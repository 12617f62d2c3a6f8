package dev.gallop.internal.workflow;

import dev.gallop.workflow.JoinType;
import org.jspecify.annotations.Nullable;

/**
 * The join rules of workflow-semantics §4 as a pure function of a PENDING node's counters. For
 * {@code d} dependencies with {@code c}, {@code f}, {@code s} completed, failed and skipped, {@code
 * t = c + f + s} and {@code r = d - t}.
 */
public final class Readiness {
  /** What a PENDING node does now. */
  public enum Decision {
    WAIT,
    READY,
    SKIP
  }

  private Readiness() {}

  public static Decision evaluate(
      JoinType join,
      int d,
      int c,
      int f,
      int s,
      @Nullable Integer minSuccess,
      boolean allowFailedDeps,
      int ctxOpen) {
    int t = c + f + s;
    int r = d - t;
    Decision decision =
        switch (join) {
          case ALL ->
              t < d
                  ? Decision.WAIT
                  : (f + s == 0 || allowFailedDeps) ? Decision.READY : Decision.SKIP;
          case ANY -> c >= 1 ? Decision.READY : t == d ? Decision.SKIP : Decision.WAIT;
          case QUORUM -> {
            int min = minSuccess == null ? d : minSuccess;
            yield c >= min ? Decision.READY : c + r < min ? Decision.SKIP : Decision.WAIT;
          }
        };
    // the context gate: every workflowCtxFrom node must be terminal before the node is ready
    return decision == Decision.READY && ctxOpen > 0 ? Decision.WAIT : decision;
  }
}
