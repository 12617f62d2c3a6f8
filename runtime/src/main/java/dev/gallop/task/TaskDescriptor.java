package dev.gallop.task;

import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A task's declaration without its body: name, input record, result type and options. The
 * annotation processor generates one per {@code @Task} method ({@code OrdersTasks.CHARGE}); a
 * process uses it to register the task with a handler ({@link
 * dev.gallop.Gallop#register(TaskDescriptor, TaskHandler)}) or, without any handler, to send the
 * task and to build workflow nodes that run it ({@link dev.gallop.Gallop#task(TaskDescriptor)}).
 * Immutable and thread-safe.
 *
 * @param <I> the input record type; its components are the task's named inputs
 * @param <T> the result type
 */
public final class TaskDescriptor<I, T> {
  private final String name;
  private final Class<I> inputType;
  private final Type resultType;
  private final @Nullable String queue;
  private final @Nullable Integer priority;
  private final @Nullable Duration goodFor;
  private final @Nullable RetryPolicy retryPolicy;
  private final Map<Class<? extends Throwable>, String> exceptionCodes;
  private final @Nullable String defaultErrorCode;

  private TaskDescriptor(Builder<I, T> b) {
    this.name = b.name;
    this.inputType = b.inputType;
    this.resultType = b.resultType;
    this.queue = b.queue;
    this.priority = b.priority;
    this.goodFor = b.goodFor;
    this.retryPolicy = b.retryPolicy;
    this.exceptionCodes = Map.copyOf(b.exceptionCodes);
    this.defaultErrorCode = b.defaultErrorCode;
  }

  /** A descriptor builder for a task with a non-generic result type. */
  public static <I, T> Builder<I, T> builder(String name, Class<I> input, Class<T> result) {
    return new Builder<>(name, input, result);
  }

  /** A descriptor builder for a task with a generic result type such as {@code List<String>}. */
  public static <I, T> Builder<I, T> builder(String name, Class<I> input, TypeRef<T> result) {
    return new Builder<>(name, input, result.type());
  }

  /** The task name. */
  public String name() {
    return name;
  }

  /** The input record type. */
  public Class<I> inputType() {
    return inputType;
  }

  /** The declared result type (a Class or a parameterized type). */
  public Type resultType() {
    return resultType;
  }

  /** The queue, or null for the engine's default queue. */
  public @Nullable String queue() {
    return queue;
  }

  /**
   * The priority (1..100) of the task's workflow nodes, or null for the queue's. Standalone sends
   * take their queue's priority.
   */
  public @Nullable Integer priority() {
    return priority;
  }

  /** How long after a send the task may still start, or null for no deadline. */
  public @Nullable Duration goodFor() {
    return goodFor;
  }

  /** The retry policy, or null for none. */
  public @Nullable RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** Exception classes mapped to user error codes; unmodifiable. */
  public Map<Class<? extends Throwable>, String> exceptionCodes() {
    return exceptionCodes;
  }

  /** The code for unmapped exceptions, or null for {@code UNHANDLED_EXCEPTION}. */
  public @Nullable String defaultErrorCode() {
    return defaultErrorCode;
  }

  /**
   * {@code options} with this task's deadline applied: {@code goodUntil = now + goodFor} unless the
   * options set one already.
   */
  public SendOptions applyTo(SendOptions options) {
    if (goodFor == null || options.goodUntil() != null) {
      return options;
    }
    return options.goodUntil(Instant.now().plus(goodFor));
  }

  @Override
  public String toString() {
    return "TaskDescriptor[" + name + "]";
  }

  /**
   * Builder of a descriptor. Not thread-safe. Values are checked when the task is registered or
   * used ({@code ConfigurationException} with GALLOP-102/103/212).
   *
   * @param <I> the input record type
   * @param <T> the result type
   */
  public static final class Builder<I, T> {
    private final String name;
    private final Class<I> inputType;
    private final Type resultType;
    private @Nullable String queue;
    private @Nullable Integer priority;
    private @Nullable Duration goodFor;
    private @Nullable RetryPolicy retryPolicy;
    private final Map<Class<? extends Throwable>, String> exceptionCodes = new LinkedHashMap<>();
    private @Nullable String defaultErrorCode;

    private Builder(String name, Class<I> inputType, Type resultType) {
      this.name = Objects.requireNonNull(name, "name");
      this.inputType = Objects.requireNonNull(inputType, "inputType");
      this.resultType = Objects.requireNonNull(resultType, "resultType");
    }

    /** The queue; default none (the engine's default queue). */
    public Builder<I, T> queue(String queue) {
      this.queue = Objects.requireNonNull(queue, "queue");
      return this;
    }

    /** Priority of its workflow nodes, 1..100; default none (the queue's). */
    public Builder<I, T> priority(int priority) {
      if (priority < 1 || priority > 100) {
        throw new IllegalArgumentException("priority must be 1..100, was " + priority);
      }
      this.priority = priority;
      return this;
    }

    /** The start deadline after a send; default none. Must be positive. */
    public Builder<I, T> goodFor(Duration goodFor) {
      if (goodFor.isNegative() || goodFor.isZero()) {
        throw new IllegalArgumentException("goodFor must be positive, was " + goodFor);
      }
      this.goodFor = goodFor;
      return this;
    }

    /** The retry policy; default none. */
    public Builder<I, T> retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Maps an exception class (exact match) to a user error code; default none. */
    public Builder<I, T> mapException(Class<? extends Throwable> type, String code) {
      exceptionCodes.put(
          Objects.requireNonNull(type, "type"), Objects.requireNonNull(code, "code"));
      return this;
    }

    /** The code for unmapped exceptions; default {@code UNHANDLED_EXCEPTION}. */
    public Builder<I, T> defaultErrorCode(String code) {
      this.defaultErrorCode = Objects.requireNonNull(code, "code");
      return this;
    }

    /** The immutable descriptor. */
    public TaskDescriptor<I, T> build() {
      return new TaskDescriptor<>(this);
    }
  }
}
