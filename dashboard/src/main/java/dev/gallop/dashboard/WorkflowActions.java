package dev.gallop.dashboard;

import dev.gallop.workflow.WorkflowHandle;
import dev.gallop.workflow.WorkflowStatus;
import java.util.Locale;

/**
 * Pause, resume and cancel through {@link WorkflowHandle}, reporting whether anything changed and
 * the status afterwards: what the dashboard's buttons and the command line's {@code workflows
 * pause|resume|cancel} both do. Stateless; thread-safe.
 */
public final class WorkflowActions {
  private WorkflowActions() {}

  /** An operator's action on a workflow. */
  public enum Action {
    PAUSE,
    RESUME,
    CANCEL;

    /**
     * The action's name as a command or URL word: {@code pause}, {@code resume}, {@code cancel}.
     */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What an action did.
   *
   * @param changed false for a no-op (pausing a paused workflow, cancelling a terminal one)
   * @param status the workflow's status afterwards
   */
  public record Outcome(boolean changed, WorkflowStatus status) {}

  /**
   * Applies {@code action}.
   *
   * @throws dev.gallop.error.WorkflowHandleException WORKFLOW_NOT_FOUND for an unknown id
   */
  public static Outcome apply(WorkflowHandle<?> h, Action action) {
    boolean changed =
        switch (action) {
          case PAUSE -> h.pause();
          case RESUME -> h.resume();
          case CANCEL -> {
            boolean live = !h.status().isTerminal();
            h.cancel();
            yield live;
          }
        };
    return new Outcome(changed, h.status());
  }
}
