package dev.gallop.workflow;

import dev.gallop.task.TaskResult;
import java.util.Map;

/** Creates spec builders; implemented by {@code Gallop} and passed to definition builds. */
public interface WorkflowFactory {
  /** Starts building a workflow spec (see {@code Gallop.workflow}). */
  WorkflowSpec.Builder<Map<String, TaskResult<?>>> workflow(String name);
}
