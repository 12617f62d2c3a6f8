package dev.gallop.workflow;

import dev.gallop.internal.Secrets;
import dev.gallop.task.Task;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A workflow node that runs one task. Build it with {@link #of(Task)}:
 *
 * <pre>{@code
 * TaskNode<Integer> sum = TaskNode.of(addTask).input("a", 5).input("b", 3).build();
 * TaskNode<Integer> scaled = TaskNode.of(scaleTask)
 *     .waitsFor(sum).argsFrom("sumResult", sum).input("factor", 10)
 *     .nodeId("scale").build();
 * }</pre>
 *
 * <p>Names and types of inputs are checked when the spec is built. Thread-safe and immutable apart
 * from the id and index written once by a successful spec build.
 *
 * @param <T> the task's result type
 */
public final class TaskNode<T> implements WorkflowNode<T> {
  static {
    Secrets.setNodeBinder(new Secrets.NodeBinder() {
      @Override
      public boolean bind(WorkflowNode<?> node, Object owner, String id, int index) {
        return ((TaskNode<?>) node).bind(owner, id, index);
      }

      @Override
      public Object owner(WorkflowNode<?> node) {
        return ((TaskNode<?>) node).owner;
      }
    });
  }

  private final Task<?, T> task;
  private final Map<String, @Nullable Object> staticInputs;
  private final List<WorkflowNode<?>> waitsFor;
  private final List<NodeKey<?>> waitsForKeys;
  private final Map<String, WorkflowNode<?>> argsFrom;
  private final List<WorkflowNode<?>> ctxFrom;
  private final JoinType join;
  private final @Nullable Integer minSuccess;
  private final boolean allowFailedDeps;
  private final @Nullable String explicitId;
  private final @Nullable String queue;
  private final @Nullable Integer priority;
  private final @Nullable Instant goodUntil;

  private volatile @Nullable Object owner;
  private volatile @Nullable String assignedId;
  private volatile int assignedIndex = -1;

  private TaskNode(Builder<T> b) {
    this.task = b.task;
    this.staticInputs = Collections.unmodifiableMap(new LinkedHashMap<>(b.staticInputs));
    this.waitsFor = List.copyOf(b.waitsFor);
    this.waitsForKeys = List.copyOf(b.waitsForKeys);
    this.argsFrom = Collections.unmodifiableMap(new LinkedHashMap<>(b.argsFrom));
    this.ctxFrom = List.copyOf(b.ctxFrom);
    this.join = b.join;
    this.minSuccess = b.minSuccess;
    this.allowFailedDeps = b.allowFailedDeps;
    this.explicitId = b.nodeId;
    this.queue = b.queue;
    this.priority = b.priority;
    this.goodUntil = b.goodUntil;
  }

  /** Starts a node builder for a registered task. */
  public static <T> Builder<T> of(Task<?, T> task) {
    return new Builder<>(Objects.requireNonNull(task, "task"));
  }

  /** The task this node runs. */
  public Task<?, T> task() {
    return task;
  }

  /** The explicit id given to the builder, or null. */
  public @Nullable String explicitId() {
    return explicitId;
  }

  /** The queue override, or null for the task's queue. */
  public @Nullable String queue() {
    return queue;
  }

  /** The priority override (1..100), or null for the queue's priority. */
  public @Nullable Integer priority() {
    return priority;
  }

  /** The instant by which the task must start, or null. */
  public @Nullable Instant goodUntil() {
    return goodUntil;
  }

  @Override
  public Optional<String> nodeId() {
    return Optional.ofNullable(explicitId != null ? explicitId : assignedId);
  }

  @Override
  public OptionalInt index() {
    int i = assignedIndex;
    return i < 0 ? OptionalInt.empty() : OptionalInt.of(i);
  }

  @Override
  public NodeKey<T> key() {
    String id = nodeId().orElseThrow(
        () -> new IllegalStateException(
            "node of task '" + task.name() + "' has no id yet: give it an explicit nodeId or"
                + " build a spec containing it first"));
    return NodeKey.of(id, task.resultType());
  }

  @Override
  public List<WorkflowNode<?>> waitsFor() {
    return waitsFor;
  }

  /** Upstream nodes referenced by id (resolved when the spec is built; unknown ids are GALLOP-006). */
  public List<NodeKey<?>> waitsForKeys() {
    return waitsForKeys;
  }

  @Override
  public Map<String, WorkflowNode<?>> argsFrom() {
    return argsFrom;
  }

  @Override
  public List<WorkflowNode<?>> workflowCtxFrom() {
    return ctxFrom;
  }

  @Override
  public Map<String, @Nullable Object> staticInputs() {
    return staticInputs;
  }

  @Override
  public JoinType join() {
    return join;
  }

  @Override
  public OptionalInt minSuccess() {
    return minSuccess == null ? OptionalInt.empty() : OptionalInt.of(minSuccess);
  }

  @Override
  public boolean allowFailedDeps() {
    return allowFailedDeps;
  }

  @Override
  public Type resultType() {
    return task.resultType();
  }

  @Override
  public String label() {
    return task.name();
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

  @Override
  public String toString() {
    return "TaskNode[" + nodeId().orElse("<no id>") + ", task=" + task.name() + "]";
  }

  /**
   * Builder of a {@link TaskNode}. Not thread-safe.
   *
   * @param <T> the task's result type
   */
  public static final class Builder<T> {
    private final Task<?, T> task;
    private final Map<String, @Nullable Object> staticInputs = new LinkedHashMap<>();
    private final List<WorkflowNode<?>> waitsFor = new ArrayList<>();
    private final List<NodeKey<?>> waitsForKeys = new ArrayList<>();
    private final Map<String, WorkflowNode<?>> argsFrom = new LinkedHashMap<>();
    private final List<WorkflowNode<?>> ctxFrom = new ArrayList<>();
    private JoinType join = JoinType.ALL;
    private @Nullable Integer minSuccess;
    private boolean allowFailedDeps;
    private @Nullable String nodeId;
    private @Nullable String queue;
    private @Nullable Integer priority;
    private @Nullable Instant goodUntil;

    private Builder(Task<?, T> task) {
      this.task = task;
    }

    /** A static input value by name; serialized when the spec is built. */
    public Builder<T> input(String name, @Nullable Object value) {
      staticInputs.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /**
     * Every non-null component of an input record as a static input: type-checked by the
     * compiler. Leave components fed by {@link #argsFrom} null.
     */
    public Builder<T> inputs(Record input) {
      if (!task.inputType().isInstance(input)) {
        throw new IllegalArgumentException(
            "inputs(...) takes a " + task.inputType().getName() + ", was "
                + input.getClass().getName());
      }
      for (RecordComponent c : input.getClass().getRecordComponents()) {
        try {
          java.lang.reflect.Method m = c.getAccessor();
          m.setAccessible(true);
          Object v = m.invoke(input);
          if (v != null) {
            staticInputs.put(c.getName(), v);
          }
        } catch (ReflectiveOperationException e) {
          throw new IllegalArgumentException("cannot read component " + c.getName(), e);
        }
      }
      return this;
    }

    /** Upstream nodes this node waits for. */
    public Builder<T> waitsFor(WorkflowNode<?>... upstream) {
      waitsFor.addAll(List.of(upstream));
      return this;
    }

    /**
     * Upstream nodes by id, resolved when the spec is built: for fan-in over nodes built elsewhere,
     * or for references to nodes that come later in the list.
     */
    public Builder<T> waitsFor(NodeKey<?>... upstream) {
      waitsForKeys.addAll(List.of(upstream));
      return this;
    }

    /** Injects the whole {@code TaskResult} of {@code producer} (which must be in waitsFor). */
    public Builder<T> argsFrom(String input, WorkflowNode<?> producer) {
      argsFrom.put(Objects.requireNonNull(input, "input"), Objects.requireNonNull(producer));
      return this;
    }

    /** Upstream nodes (in waitsFor) readable through the task's {@link WorkflowContext} input. */
    public Builder<T> workflowCtxFrom(WorkflowNode<?>... upstream) {
      ctxFrom.addAll(List.of(upstream));
      return this;
    }

    /** Join rule; default {@link JoinType#ALL}. */
    public Builder<T> join(JoinType join) {
      this.join = Objects.requireNonNull(join, "join");
      return this;
    }

    /** {@link JoinType#QUORUM} with this many required completions. */
    public Builder<T> quorum(int minSuccess) {
      this.join = JoinType.QUORUM;
      this.minSuccess = minSuccess;
      return this;
    }

    /** Completed dependencies needed with QUORUM (1..number of dependencies). */
    public Builder<T> minSuccess(int minSuccess) {
      this.minSuccess = minSuccess;
      return this;
    }

    /** With ALL: run even if a dependency failed or was skipped. Default false. */
    public Builder<T> allowFailedDeps() {
      return allowFailedDeps(true);
    }

    public Builder<T> allowFailedDeps(boolean allow) {
      this.allowFailedDeps = allow;
      return this;
    }

    /** Explicit node id ({@code [A-Za-z0-9_\-:.]+}, at most 128 characters). */
    public Builder<T> nodeId(String id) {
      this.nodeId = Objects.requireNonNull(id, "id");
      return this;
    }

    /** Queue override; must be configured in the engine (else GALLOP-014). */
    public Builder<T> queue(String queue) {
      this.queue = Objects.requireNonNull(queue, "queue");
      return this;
    }

    /** Priority override, 1 (most urgent)..100 (else GALLOP-015). */
    public Builder<T> priority(int priority) {
      this.priority = priority;
      return this;
    }

    /** The task must start before this instant, else the node fails with TASK_EXPIRED. */
    public Builder<T> goodUntil(Instant until) {
      this.goodUntil = Objects.requireNonNull(until, "until");
      return this;
    }

    public TaskNode<T> build() {
      return new TaskNode<>(this);
    }
  }
}
