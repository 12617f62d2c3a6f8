package dev.gallop.task;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A reference to one task row, usable from any process. Creating a handle does not query the
 * database. Thread-safe.
 *
 * @param <T> the task's result type
 */
public interface TaskHandle<T> {
  String taskId();

  /**
   * Waits until the task is terminal or the timeout passes, and returns its result. Never throws:
   * problems become error results ({@code WAIT_TIMEOUT}, {@code TASK_NOT_FOUND}, {@code
   * TASK_CANCELLED}, {@code TASK_EXPIRED}, {@code BROKER_ERROR}). A null timeout waits without
   * limit; zero or negative checks once. Holds no pooled connection while waiting.
   */
  TaskResult<T> get(@Nullable Duration timeout);

  /** Waits without limit. */
  default TaskResult<T> get() {
    return get(null);
  }

  /** Asynchronous {@link #get(Duration)}; always completes normally and holds no thread. */
  CompletableFuture<TaskResult<T>> getAsync(@Nullable Duration timeout);

  /**
   * Status, times, retry count, final error code and attempts. @throws
   * dev.gallop.error.WorkflowHandleException
   */
  TaskInfo info();
}
