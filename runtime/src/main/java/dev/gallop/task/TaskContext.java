package dev.gallop.task;

import dev.gallop.workflow.WorkflowMeta;
import java.util.Optional;

/** What a running task body can ask about its own execution. Thread-safe. */
public interface TaskContext {
  /** The task row's id. */
  String taskId();

  /** The attempt number, from 1. */
  int attempt();

  /**
   * True once the task's workflow was cancelled. Visible within about a second (notification) and
   * at most one runner heartbeat interval. Bodies may stop early; ignoring it is allowed.
   */
  boolean isCancellationRequested();

  /** Identity of the workflow node this task runs for, if any. */
  Optional<WorkflowMeta> workflow();
}
