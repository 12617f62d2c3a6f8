package dev.gallop.workflow;

import dev.gallop.task.BuiltInCode;
import dev.gallop.task.TaskError;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code SUBWORKFLOW_FAILED} error of a subworkflow node whose child did not complete
 * successfully. Its {@link #data()} carries the same {@code subWorkflowId} and {@code
 * subWorkflowSummary}.
 */
public final class SubWorkflowError extends TaskError {
  private final String subWorkflowId;
  private final SubWorkflowSummary<?> subWorkflowSummary;

  public SubWorkflowError(
      @Nullable String message,
      Map<String, Object> data,
      String subWorkflowId,
      SubWorkflowSummary<?> summary) {
    super(BuiltInCode.SUBWORKFLOW_FAILED, message, data, null);
    this.subWorkflowId = subWorkflowId;
    this.subWorkflowSummary = summary;
  }

  public String subWorkflowId() {
    return subWorkflowId;
  }

  public SubWorkflowSummary<?> subWorkflowSummary() {
    return subWorkflowSummary;
  }
}
