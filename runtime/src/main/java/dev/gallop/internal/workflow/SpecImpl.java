package dev.gallop.internal.workflow;

import dev.gallop.error.ValidationProblem;
import dev.gallop.error.WorkflowStartException;
import dev.gallop.error.WorkflowValidationException;
import dev.gallop.internal.Secrets;
import dev.gallop.internal.json.Json;
import dev.gallop.workflow.OnError;
import dev.gallop.workflow.SuccessCase;
import dev.gallop.workflow.SuccessPolicy;
import dev.gallop.workflow.WorkflowHandle;
import dev.gallop.workflow.WorkflowNode;
import dev.gallop.workflow.WorkflowSpec;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** A validated, immutable spec bound to its engine. Thread-safe. */
final class SpecImpl<T> implements WorkflowSpec<T> {
  private final WorkflowEngine engine;
  private final String name;
  private final List<WorkflowNode<?>> nodes;
  private final OnError onError;
  private final @Nullable WorkflowNode<T> output;
  private final @Nullable SuccessPolicy policy;
  private final @Nullable String definitionKey;
  private List<CompiledNode> compiled;
  private @Nullable Integer outputIndex;
  private @Nullable String policyJson;
  private int[] requiredUnion = new int[0];

  @SuppressWarnings("unchecked")
  private SpecImpl(
      WorkflowEngine engine,
      String name,
      List<WorkflowNode<?>> nodes,
      OnError onError,
      @Nullable WorkflowNode<?> output,
      @Nullable SuccessPolicy policy,
      @Nullable String definitionKey) {
    this.engine = engine;
    this.name = name;
    this.nodes = nodes;
    this.onError = onError;
    this.output = (WorkflowNode<T>) output;
    this.policy = policy;
    this.definitionKey = definitionKey;
  }

  static <T> SpecImpl<T> build(
      WorkflowEngine engine,
      String name,
      List<WorkflowNode<?>> nodes,
      OnError onError,
      @Nullable WorkflowNode<?> output,
      @Nullable SuccessPolicy policy,
      @Nullable String definitionKey) {
    SpecImpl<T> spec = new SpecImpl<>(engine, name, nodes, onError, output, policy, definitionKey);
    spec.compiled =
        new SpecValidator(
                name, nodes, output, policy, engine.engine().config(), spec, definitionKey)
            .validate();
    Map<WorkflowNode<?>, Integer> index = new IdentityHashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      index.put(nodes.get(i), i);
    }
    spec.outputIndex = output == null ? null : index.get(output);
    if (policy != null) {
      List<List<Integer>> cases = new ArrayList<>();
      TreeSet<Integer> union = new TreeSet<>();
      for (SuccessCase sc : policy.cases()) {
        List<Integer> req = sc.required().stream().map(index::get).toList();
        cases.add(req);
        union.addAll(req);
      }
      spec.policyJson = Json.tree(cases).toString();
      spec.requiredUnion = union.stream().mapToInt(Integer::intValue).toArray();
    }
    for (int i = 0; i < nodes.size(); i++) {
      CompiledNode cn = spec.compiled.get(i);
      if (!Secrets.nodeBinder().bind(nodes.get(i), spec, cn.nodeId(), i)) {
        throw new WorkflowValidationException(
            "workflow '" + name + "'",
            List.of(
                ValidationProblem.at(
                    4,
                    "workflow '" + name + "' node " + i,
                    "node already belongs to another spec")));
      }
    }
    return spec;
  }

  WorkflowEngine engine() {
    return engine;
  }

  List<CompiledNode> compiled() {
    return compiled;
  }

  @Nullable Integer outputIndex() {
    return outputIndex;
  }

  @Nullable String policyJson() {
    return policyJson;
  }

  int[] requiredUnion() {
    return requiredUnion;
  }

  /** The type get() converts to: the output node's type, or null for the sink map. */
  @Nullable Type outputType() {
    return output == null ? null : output.resultType();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<WorkflowNode<?>> tasks() {
    return nodes;
  }

  @Override
  public OnError onError() {
    return onError;
  }

  @Override
  public Optional<WorkflowNode<T>> output() {
    return Optional.ofNullable(output);
  }

  @Override
  public Optional<SuccessPolicy> successPolicy() {
    return Optional.ofNullable(policy);
  }

  @Override
  public Optional<String> definitionKey() {
    return Optional.ofNullable(definitionKey);
  }

  @Override
  public WorkflowHandle<T> start(@Nullable String workflowId) {
    return engine.start(this, workflowId);
  }

  @Override
  public CompletableFuture<WorkflowHandle<T>> startAsync(@Nullable String workflowId) {
    return engine.engine().async(() -> start(workflowId));
  }

  @Override
  public WorkflowHandle<T> retryStart(WorkflowStartException e) {
    if (e.code() != WorkflowStartException.Code.ENQUEUE_FAILED || !name.equals(e.workflowName())) {
      throw new WorkflowStartException(
          WorkflowStartException.Code.VALIDATION_FAILED,
          "retryStart accepts only an ENQUEUE_FAILED exception from a start of workflow '"
              + name
              + "', got "
              + e.code()
              + " for '"
              + e.workflowName()
              + "'",
          false,
          name,
          e.workflowId(),
          null);
    }
    return start(e.workflowId());
  }

  @Override
  public CompletableFuture<WorkflowHandle<T>> retryStartAsync(WorkflowStartException e) {
    return engine.engine().async(() -> retryStart(e));
  }

  @Override
  public String toString() {
    return "WorkflowSpec[" + name + ", " + nodes.size() + " nodes]";
  }
}
