package dev.gallop.workflow;

import dev.gallop.task.Task;
import dev.gallop.task.TaskDescriptor;
import dev.gallop.task.TaskResult;
import java.util.Map;

/**
 * Creates spec builders and resolves declared tasks; implemented by {@code Gallop} and passed to
 * definition builds.
 */
public interface WorkflowFactory {
  /** Starts building a workflow spec (see {@code Gallop.workflow}). */
  WorkflowSpec.Builder<Map<String, TaskResult<?>>> workflow(String name);

  /**
   * The task a descriptor declares, to build nodes that run it (see {@code Gallop.task}). The
   * default throws: only factories backed by an engine resolve tasks.
   */
  default <I, T> Task<I, T> task(TaskDescriptor<I, T> descriptor) {
    throw new UnsupportedOperationException(
        "this WorkflowFactory cannot resolve task '" + descriptor.name() + "'");
  }
}
