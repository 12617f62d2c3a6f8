package dev.gallop.workflow;

import dev.gallop.task.Task;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Objects;
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
 * <p>Thread-safe and immutable apart from the id and index written once by a successful spec build.
 *
 * @param <T> the task's result type
 */
public final class TaskNode<T> extends BaseNode<T> implements WorkflowNode<T> {
  private final Task<?, T> task;
  private final @Nullable String queue;
  private final @Nullable Integer priority;
  private final @Nullable Instant goodUntil;

  private TaskNode(Builder<T> b) {
    super(b);
    this.task = b.task;
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
  public Type resultType() {
    return task.resultType();
  }

  @Override
  public String label() {
    return task.name();
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
  public static final class Builder<T> extends NodeBuilder<T, Builder<T>> {
    private final Task<?, T> task;
    private @Nullable String queue;
    private @Nullable Integer priority;
    private @Nullable Instant goodUntil;

    private Builder(Task<?, T> task) {
      this.task = task;
    }

    @Override
    Builder<T> self() {
      return this;
    }

    @Override
    Class<?> inputRecordType() {
      return task.inputType();
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
