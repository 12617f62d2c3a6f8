package dev.gallop.workflow;

import java.util.List;

/**
 * One way for a workflow to succeed: every node in {@code required} COMPLETED.
 *
 * @param required the nodes that must complete; non-empty
 */
public record SuccessCase(List<WorkflowNode<?>> required) {
  public SuccessCase {
    required = List.copyOf(required);
  }

  public static SuccessCase of(WorkflowNode<?>... required) {
    return new SuccessCase(List.of(required));
  }
}
