package dev.gallop.workflow;

import java.lang.reflect.Type;
import java.util.Objects;

/**
 * A workflow node that runs a whole child workflow built from a {@link WorkflowDefinition}. Static
 * inputs and {@code argsFrom} bind by name to the definition's parameter record. The node completes
 * with the child's result when the child COMPLETED with an ok result, and fails with {@code
 * SUBWORKFLOW_FAILED} (carrying the child's id and a {@link SubWorkflowSummary}) otherwise.
 *
 * <pre>{@code
 * SubWorkflowNode<String> invoices = SubWorkflowNode.of(invoiceRun)
 *     .input("month", "2026-11").waitsFor(prepare).nodeId("invoices").build();
 * }</pre>
 *
 * @param <T> the child workflow's output type
 */
public final class SubWorkflowNode<T> extends BaseNode<T> implements WorkflowNode<T> {
  private final WorkflowDefinition<?, T> definition;

  private SubWorkflowNode(Builder<T> b) {
    super(b);
    this.definition = b.definition;
  }

  /** Starts a node builder for a child workflow definition. */
  public static <T> Builder<T> of(WorkflowDefinition<?, T> definition) {
    return new Builder<>(Objects.requireNonNull(definition, "definition"));
  }

  public WorkflowDefinition<?, T> definition() {
    return definition;
  }

  @Override
  public Type resultType() {
    return definition.outputType();
  }

  @Override
  public String label() {
    return definition.name();
  }

  @Override
  public String toString() {
    return "SubWorkflowNode["
        + nodeId().orElse("<no id>")
        + ", definition="
        + definition.definitionKey()
        + "]";
  }

  /**
   * Builder of a {@link SubWorkflowNode}. Not thread-safe.
   *
   * @param <T> the child's output type
   */
  public static final class Builder<T> extends NodeBuilder<T, Builder<T>> {
    private final WorkflowDefinition<?, T> definition;

    private Builder(WorkflowDefinition<?, T> definition) {
      this.definition = definition;
    }

    @Override
    Builder<T> self() {
      return this;
    }

    @Override
    Class<?> inputRecordType() {
      return definition.parameterType();
    }

    public SubWorkflowNode<T> build() {
      return new SubWorkflowNode<>(this);
    }
  }
}
