package dev.gallop.task;

/**
 * The body of a task: synchronous Java code that turns an input record into a result. Exceptions
 * that escape are mapped to error codes (task mapper, engine mapper, default code, then {@code
 * UNHANDLED_EXCEPTION}). Returning null is reported as {@code TASK_EXCEPTION}.
 *
 * @param <I> the input record type
 * @param <T> the result type
 */
@FunctionalInterface
public interface TaskHandler<I, T> {
  TaskResult<T> execute(I input, TaskContext context) throws Exception;
}
