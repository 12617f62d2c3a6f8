package dev.gallop.workflow;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The options every node kind takes: inputs, dependencies, data passing, join rule and id. Names
 * and types are checked when the spec is built. Not thread-safe.
 *
 * @param <T> the node's result type
 * @param <B> the concrete builder type
 */
public abstract class NodeBuilder<T, B extends NodeBuilder<T, B>> {
  final Map<String, @Nullable Object> staticInputs = new LinkedHashMap<>();
  final List<WorkflowNode<?>> waitsFor = new ArrayList<>();
  final List<NodeKey<?>> waitsForKeys = new ArrayList<>();
  final Map<String, WorkflowNode<?>> argsFrom = new LinkedHashMap<>();
  final List<WorkflowNode<?>> ctxFrom = new ArrayList<>();
  JoinType join = JoinType.ALL;
  @Nullable Integer minSuccess;
  boolean allowFailedDeps;
  @Nullable String nodeId;

  NodeBuilder() {}

  abstract B self();

  /** The record type whose components are this node's inputs, or null if it takes none. */
  abstract @Nullable Class<?> inputRecordType();

  /** A static input value by name; serialized when the spec is built. */
  public B input(String name, @Nullable Object value) {
    staticInputs.put(Objects.requireNonNull(name, "name"), value);
    return self();
  }

  /**
   * Every non-null component of an input record as a static input, type-checked by the compiler.
   * Leave components fed by {@link #argsFrom} null.
   */
  public B inputs(Record input) {
    Class<?> type = inputRecordType();
    if (type == null || !type.isInstance(input)) {
      throw new IllegalArgumentException(
          "inputs(...) takes a "
              + (type == null ? "record of no type" : type.getName())
              + ", was "
              + input.getClass().getName());
    }
    for (RecordComponent c : input.getClass().getRecordComponents()) {
      try {
        Method m = c.getAccessor();
        m.setAccessible(true);
        Object v = m.invoke(input);
        if (v != null) {
          staticInputs.put(c.getName(), v);
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalArgumentException("cannot read component " + c.getName(), e);
      }
    }
    return self();
  }

  /** Upstream nodes this node waits for. */
  public B waitsFor(WorkflowNode<?>... upstream) {
    waitsFor.addAll(List.of(upstream));
    return self();
  }

  /**
   * Upstream nodes by id, resolved when the spec is built: for fan-in over nodes built elsewhere,
   * or for references to nodes that come later in the list.
   */
  public B waitsFor(NodeKey<?>... upstream) {
    waitsForKeys.addAll(List.of(upstream));
    return self();
  }

  /** Injects the whole {@code TaskResult} of {@code producer} (which must be in waitsFor). */
  public B argsFrom(String input, WorkflowNode<?> producer) {
    argsFrom.put(
        Objects.requireNonNull(input, "input"), Objects.requireNonNull(producer, "producer"));
    return self();
  }

  /** Upstream nodes (in waitsFor) readable through a {@link WorkflowContext} input. */
  public B workflowCtxFrom(WorkflowNode<?>... upstream) {
    ctxFrom.addAll(List.of(upstream));
    return self();
  }

  /** Join rule; default {@link JoinType#ALL}. */
  public B join(JoinType join) {
    this.join = Objects.requireNonNull(join, "join");
    return self();
  }

  /** {@link JoinType#QUORUM} with this many required completions. */
  public B quorum(int minSuccess) {
    this.join = JoinType.QUORUM;
    this.minSuccess = minSuccess;
    return self();
  }

  /** Completed dependencies needed with QUORUM (1..number of dependencies). */
  public B minSuccess(int minSuccess) {
    this.minSuccess = minSuccess;
    return self();
  }

  /** With ALL: run even if a dependency failed or was skipped. Default false. */
  public B allowFailedDeps() {
    return allowFailedDeps(true);
  }

  public B allowFailedDeps(boolean allow) {
    this.allowFailedDeps = allow;
    return self();
  }

  /** Explicit node id ({@code [A-Za-z0-9_\-:.]+}, at most 128 characters). */
  public B nodeId(String id) {
    this.nodeId = Objects.requireNonNull(id, "id");
    return self();
  }
}
