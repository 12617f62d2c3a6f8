package dev.gallop.workflow;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A vertex of a workflow graph. Immutable configuration; the only state it gains is its generated
 * id and index, written once when it becomes part of a successfully built spec. Thread-safe.
 *
 * @param <T> the node's result type
 */
public sealed interface WorkflowNode<T> permits TaskNode, SubWorkflowNode {

  /** The explicit id, or the generated one once part of a built spec; empty otherwise. */
  Optional<String> nodeId();

  /**
   * The index in the built spec that owns it; empty before that, and always empty for a node with
   * an explicit id (such a node may belong to several specs at different indexes).
   */
  OptionalInt index();

  /**
   * A key to this node.
   *
   * @throws IllegalStateException if the node has no id yet (no explicit id and not yet in a built
   *     spec)
   */
  NodeKey<T> key();

  /** Upstream nodes this node waits for. */
  List<WorkflowNode<?>> waitsFor();

  /** Upstream nodes referenced by id, resolved when the spec is built. */
  List<NodeKey<?>> waitsForKeys();

  /** Input name to upstream node whose whole {@code TaskResult} is injected. */
  Map<String, WorkflowNode<?>> argsFrom();

  /** Upstream nodes readable through {@link WorkflowContext}. */
  List<WorkflowNode<?>> workflowCtxFrom();

  /** Static input values by name, as given. */
  Map<String, @Nullable Object> staticInputs();

  JoinType join();

  /** Required completed dependencies for {@link JoinType#QUORUM}; empty otherwise. */
  OptionalInt minSuccess();

  /** With {@link JoinType#ALL}: run even if dependencies failed or were skipped. */
  boolean allowFailedDeps();

  /** The node's result type. */
  Type resultType();

  /** A human label: the task name (or child workflow name). */
  String label();
}
