package dev.gallop.workflow;

import dev.gallop.internal.Secrets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * What task and subworkflow nodes share: inputs, dependencies, join rule and id. Immutable apart
 * from the id and index written once by a successful spec build.
 */
abstract class BaseNode<T> {
  static {
    Secrets.setNodeBinder(
        new Secrets.NodeBinder() {
          @Override
          public boolean bind(WorkflowNode<?> node, Object owner, String id, int index) {
            return ((BaseNode<?>) node).bind(owner, id, index);
          }

          @Override
          public Object owner(WorkflowNode<?> node) {
            return ((BaseNode<?>) node).owner;
          }
        });
  }

  private final Map<String, @Nullable Object> staticInputs;
  private final List<WorkflowNode<?>> waitsFor;
  private final List<NodeKey<?>> waitsForKeys;
  private final Map<String, WorkflowNode<?>> argsFrom;
  private final List<WorkflowNode<?>> ctxFrom;
  private final JoinType join;
  private final @Nullable Integer minSuccess;
  private final boolean allowFailedDeps;
  private final @Nullable String explicitId;

  private volatile @Nullable Object owner;
  private volatile @Nullable String assignedId;
  private volatile int assignedIndex = -1;

  BaseNode(NodeBuilder<T, ?> b) {
    this.staticInputs = Collections.unmodifiableMap(new LinkedHashMap<>(b.staticInputs));
    this.waitsFor = List.copyOf(b.waitsFor);
    this.waitsForKeys = List.copyOf(b.waitsForKeys);
    this.argsFrom = Collections.unmodifiableMap(new LinkedHashMap<>(b.argsFrom));
    this.ctxFrom = List.copyOf(b.ctxFrom);
    this.join = b.join;
    this.minSuccess = b.minSuccess;
    this.allowFailedDeps = b.allowFailedDeps;
    this.explicitId = b.nodeId;
  }

  abstract java.lang.reflect.Type resultType();

  abstract String label();

  /** The explicit id given to the builder, or null. */
  public @Nullable String explicitId() {
    return explicitId;
  }

  /** The explicit id, or the generated one once part of a built spec; empty otherwise. */
  public Optional<String> nodeId() {
    return Optional.ofNullable(explicitId != null ? explicitId : assignedId);
  }

  /** The index in the spec that owns it (nodes without explicit id only); empty before that. */
  public OptionalInt index() {
    int i = assignedIndex;
    return i < 0 ? OptionalInt.empty() : OptionalInt.of(i);
  }

  /** A key to this node. @throws IllegalStateException if the node has no id yet */
  public NodeKey<T> key() {
    String id =
        nodeId()
            .orElseThrow(() ->
                new IllegalStateException(
                    "node '"
                        + label()
                        + "' has no id yet: give it an explicit nodeId or build a spec containing it first"));
    return NodeKey.of(id, resultType());
  }

  public List<WorkflowNode<?>> waitsFor() {
    return waitsFor;
  }

  /**
   * Upstream nodes referenced by id (resolved when the spec is built; unknown ids are GALLOP-006).
   */
  public List<NodeKey<?>> waitsForKeys() {
    return waitsForKeys;
  }

  public Map<String, WorkflowNode<?>> argsFrom() {
    return argsFrom;
  }

  public List<WorkflowNode<?>> workflowCtxFrom() {
    return ctxFrom;
  }

  public Map<String, @Nullable Object> staticInputs() {
    return staticInputs;
  }

  public JoinType join() {
    return join;
  }

  public OptionalInt minSuccess() {
    return minSuccess == null ? OptionalInt.empty() : OptionalInt.of(minSuccess);
  }

  public boolean allowFailedDeps() {
    return allowFailedDeps;
  }

  private synchronized boolean bind(Object spec, String id, int index) {
    if (explicitId != null) {
      return true; // nodes with explicit ids may be reused in several specs
    }
    if (owner != null && owner != spec) {
      return false;
    }
    owner = spec;
    assignedId = id;
    assignedIndex = index;
    return true;
  }
}
