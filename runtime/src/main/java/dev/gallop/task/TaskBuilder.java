package dev.gallop.task;

/**
 * Registers a task with an engine; obtained from {@code gallop.task(name, inputType, resultType)}.
 * Not thread-safe. Every problem is reported by {@link #handler(TaskHandler)} in one {@link
 * dev.gallop.error.ConfigurationException} naming the bad value (GALLOP-100..103, 212, 301).
 *
 * @param <I> the input record type
 * @param <T> the result type
 */
public interface TaskBuilder<I, T> {
  /** The queue; forbidden in DEFAULT queue mode, required in CUSTOM mode. */
  TaskBuilder<I, T> queue(String queue);

  /** Retry policy; default none (every error is final). */
  TaskBuilder<I, T> retryPolicy(RetryPolicy policy);

  /**
   * Maps an exception class (exact class; subclasses do not match) to a user error code, which must
   * not be a built-in name (GALLOP-212).
   */
  TaskBuilder<I, T> mapException(Class<? extends Throwable> type, String code);

  /** Code for unmapped exceptions; default {@code UNHANDLED_EXCEPTION}. */
  TaskBuilder<I, T> defaultErrorCode(String code);

  /** Sets the body and registers the task. @throws dev.gallop.error.ConfigurationException */
  Task<I, T> handler(TaskHandler<I, T> handler);
}
