package dev.gallop.internal.engine;

import dev.gallop.error.TaskSendException;
import dev.gallop.task.ErrorCode;
import dev.gallop.task.RetryPolicy;
import dev.gallop.task.SendOptions;
import dev.gallop.task.Task;
import dev.gallop.task.TaskContext;
import dev.gallop.task.TaskHandle;
import dev.gallop.task.TaskHandler;
import dev.gallop.task.TaskResult;
import dev.gallop.workflow.WorkflowMeta;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** A task registered with one engine. Immutable; thread-safe. */
public final class RegisteredTask<I, T> implements Task<I, T> {
  private final Engine engine;
  private final String name;
  private final Class<I> inputType;
  private final Type resultType;
  private final String queue;
  private final int priority;
  private final @Nullable RetryPolicy retryPolicy;
  private final Map<Class<? extends Throwable>, ErrorCode> mappers;
  private final @Nullable ErrorCode defaultCode;
  private final TaskHandler<I, T> handler;
  private final InputShape shape;

  RegisteredTask(
      Engine engine,
      String name,
      Class<I> inputType,
      Type resultType,
      String queue,
      int priority,
      @Nullable RetryPolicy retryPolicy,
      Map<Class<? extends Throwable>, ErrorCode> mappers,
      @Nullable ErrorCode defaultCode,
      TaskHandler<I, T> handler,
      InputShape shape) {
    this.engine = engine;
    this.name = name;
    this.inputType = inputType;
    this.resultType = resultType;
    this.queue = queue;
    this.priority = priority;
    this.retryPolicy = retryPolicy;
    this.mappers = Map.copyOf(mappers);
    this.defaultCode = defaultCode;
    this.handler = handler;
    this.shape = shape;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String queue() {
    return queue;
  }

  @Override
  public Class<I> inputType() {
    return inputType;
  }

  @Override
  public Type resultType() {
    return resultType;
  }

  public int priority() {
    return priority;
  }

  public @Nullable RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  public InputShape shape() {
    return shape;
  }

  public Engine engine() {
    return engine;
  }

  Map<Class<? extends Throwable>, ErrorCode> mappers() {
    return mappers;
  }

  @Nullable ErrorCode defaultCode() {
    return defaultCode;
  }

  @Override
  public TaskHandle<T> send(I input, SendOptions options) {
    return engine.sender().send(this, input, options);
  }

  @Override
  public List<TaskHandle<T>> sendAll(Collection<? extends I> inputs) {
    return engine.sender().sendAll(this, inputs);
  }

  @Override
  public CompletableFuture<TaskHandle<T>> sendAsync(I input, SendOptions options) {
    return engine.async(() -> send(input, options));
  }

  @Override
  public TaskHandle<T> retrySend(TaskSendException e) {
    return engine.sender().retrySend(this, e);
  }

  /** Runs the body and turns whatever happens into a checked result. */
  @SuppressWarnings("unchecked")
  public TaskResult<T> execute(Object input, TaskContext context) {
    TaskResult<T> r;
    try {
      r = handler.execute((I) input, context);
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError vme) {
        throw vme;
      }
      return (TaskResult<T>) Outcomes.fromException(t, this, engine.config());
    }
    return (TaskResult<T>) Outcomes.check(r, resultType);
  }

  @Override
  public TaskResult<T> callInline(I input) {
    String id = "inline-" + UUID.randomUUID();
    return execute(
        input,
        new TaskContext() {
          @Override
          public String taskId() {
            return id;
          }

          @Override
          public int attempt() {
            return 1;
          }

          @Override
          public boolean isCancellationRequested() {
            return false;
          }

          @Override
          public Optional<WorkflowMeta> workflow() {
            return Optional.empty();
          }
        });
  }

  @Override
  public String toString() {
    return "Task[" + name + ", queue=" + queue + "]";
  }
}
