package dev.gallop.workflow;

import dev.gallop.error.WorkflowStartException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A validated, immutable workflow graph bound to the engine that built it. Create one with {@code
 * gallop.workflow(name)...build()}. Thread-safe: one spec can be started many times.
 *
 * @param <T> the type {@code get()} returns on success: the output node's type, or {@code
 *     Map<String, TaskResult<?>>} over the sink nodes when no output is set
 */
public interface WorkflowSpec<T> {
  String name();

  /** All nodes, in index order; unmodifiable. */
  List<WorkflowNode<?>> tasks();

  /** Error policy; default {@link OnError#FAIL}. */
  OnError onError();

  /** The node whose result {@code get()} returns. */
  Optional<WorkflowNode<T>> output();

  Optional<SuccessPolicy> successPolicy();

  /** Stable key of the definition it was built from; optional for inline specs. */
  Optional<String> definitionKey();

  /**
   * Starts the workflow with a random UUID id: inserts it and all its nodes and enqueues its roots
   * in one transaction.
   *
   * @throws WorkflowStartException on a closed engine or a database failure
   */
  default WorkflowHandle<T> start() {
    return start(null);
  }

  /**
   * Starts the workflow with a caller-chosen id (non-blank, at most 128 characters; null = random
   * UUID). Idempotent by id: an existing workflow with the same name is returned unchanged; one
   * with another name gives {@code VALIDATION_FAILED}.
   */
  WorkflowHandle<T> start(@Nullable String workflowId);

  default CompletableFuture<WorkflowHandle<T>> startAsync() {
    return startAsync(null);
  }

  /** Asynchronous {@link #start(String)}; completes exceptionally with WorkflowStartException. */
  CompletableFuture<WorkflowHandle<T>> startAsync(@Nullable String workflowId);

  /** Replays a start that failed with {@code ENQUEUE_FAILED}, with the same id. */
  WorkflowHandle<T> retryStart(WorkflowStartException e);

  /** Asynchronous {@link #retryStart(WorkflowStartException)}. */
  CompletableFuture<WorkflowHandle<T>> retryStartAsync(WorkflowStartException e);

  /**
   * Builder of a spec; obtained from {@code gallop.workflow(name)}. Not thread-safe.
   *
   * @param <T> the output type so far
   */
  interface Builder<T> {
    /** Appends nodes; their order gives their index. */
    Builder<T> nodes(WorkflowNode<?>... nodes);

    /** Appends nodes; their order gives their index. */
    Builder<T> nodes(List<? extends WorkflowNode<?>> nodes);

    /** Error policy; default FAIL. */
    Builder<T> onError(OnError onError);

    /** The node whose result {@code get()} returns. */
    <U> Builder<U> output(WorkflowNode<U> output);

    Builder<T> successPolicy(SuccessPolicy policy);

    /** Optional stable key for an inline spec. */
    Builder<T> definitionKey(String key);

    /**
     * Validates the whole graph and builds the spec; on success nodes without explicit id get
     * {@code slug(name):index}.
     *
     * @throws dev.gallop.error.WorkflowValidationException listing every problem
     */
    WorkflowSpec<T> build();
  }
}
