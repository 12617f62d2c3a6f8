package dev.gallop.workflow;

import java.util.List;

/**
 * Custom success criteria: the workflow succeeds if any case has all its required nodes COMPLETED.
 * {@code optional} is informational only.
 *
 * @param cases the cases; at least one (else GALLOP-012)
 * @param optional nodes whose failure is tolerated (documentation only)
 */
public record SuccessPolicy(List<SuccessCase> cases, List<WorkflowNode<?>> optional) {
  public SuccessPolicy {
    cases = List.copyOf(cases);
    optional = List.copyOf(optional);
  }

  public static SuccessPolicy of(SuccessCase... cases) {
    return new SuccessPolicy(List.of(cases), List.of());
  }

  /** This policy with the given optional nodes. */
  public SuccessPolicy withOptional(WorkflowNode<?>... nodes) {
    return new SuccessPolicy(cases, List.of(nodes));
  }
}
