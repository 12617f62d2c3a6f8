package dev.gallop.internal.workflow;

import dev.gallop.workflow.OnError;
import dev.gallop.workflow.SuccessPolicy;
import dev.gallop.workflow.WorkflowNode;
import dev.gallop.workflow.WorkflowSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Collects a spec's parts; {@link #build()} validates and binds node ids. Not thread-safe. */
final class SpecBuilderImpl<T> implements WorkflowSpec.Builder<T> {
  private final WorkflowEngine engine;
  private final String name;
  private final List<WorkflowNode<?>> nodes = new ArrayList<>();
  private OnError onError = OnError.FAIL;
  private @Nullable WorkflowNode<?> output;
  private @Nullable SuccessPolicy policy;
  private @Nullable String definitionKey;

  SpecBuilderImpl(WorkflowEngine engine, String name) {
    this.engine = engine;
    this.name = name;
  }

  @Override
  public WorkflowSpec.Builder<T> nodes(WorkflowNode<?>... more) {
    for (WorkflowNode<?> n : more) {
      nodes.add(Objects.requireNonNull(n, "node"));
    }
    return this;
  }

  @Override
  public WorkflowSpec.Builder<T> nodes(List<? extends WorkflowNode<?>> more) {
    more.forEach(n -> nodes.add(Objects.requireNonNull(n, "node")));
    return this;
  }

  @Override
  public WorkflowSpec.Builder<T> onError(OnError onError) {
    this.onError = Objects.requireNonNull(onError, "onError");
    return this;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <U> WorkflowSpec.Builder<U> output(WorkflowNode<U> output) {
    this.output = Objects.requireNonNull(output, "output");
    return (WorkflowSpec.Builder<U>) this;
  }

  @Override
  public WorkflowSpec.Builder<T> successPolicy(SuccessPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  @Override
  public WorkflowSpec.Builder<T> definitionKey(String key) {
    this.definitionKey = key;
    return this;
  }

  @Override
  public WorkflowSpec<T> build() {
    return SpecImpl.build(engine, name, List.copyOf(nodes), onError, output, policy, definitionKey);
  }
}
