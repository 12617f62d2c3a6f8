package dev.gallop.task;

import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A task registered with an engine: a unique name, a typed input record, a result type, a queue, an
 * optional retry policy and exception mapping. Obtain one from {@code Gallop.task(...)}.
 * Thread-safe.
 *
 * @param <I> the input record type; its components are the task's named inputs
 * @param <T> the result type
 */
public interface Task<I, T> {
  String name();

  /** The queue its rows go to. */
  String queue();

  Class<I> inputType();

  /** The declared result type (a Class or a parameterized type). */
  Type resultType();

  /**
   * Sends one task with a generated id. Idempotent by id (see {@link #send(Object, SendOptions)}).
   *
   * @throws dev.gallop.error.TaskSendException on bad input ({@code VALIDATION_FAILED}) or database
   *     failure ({@code ENQUEUE_FAILED})
   */
  default TaskHandle<T> send(I input) {
    return send(input, SendOptions.none());
  }

  /**
   * Sends one task. A second send with an existing id writes nothing: with the same payload it
   * returns a handle to the existing task, with another it throws {@code PAYLOAD_MISMATCH}.
   */
  TaskHandle<T> send(I input, SendOptions options);

  /**
   * Sends many tasks with generated ids in one transaction, for bulk loads: every input is
   * validated and serialized first (a bad one throws {@code VALIDATION_FAILED} and nothing is
   * written), then all rows are written together, or none is ({@code ENQUEUE_FAILED}: nothing was
   * written, so call {@code sendAll} again; {@link #retrySend} replays single sends only). Far
   * fewer round trips than a loop of {@link #send(Object)}: one multi-row insert per 1,000 tasks
   * and one commit.
   *
   * @return one handle per input, in input order
   */
  List<TaskHandle<T>> sendAll(Collection<? extends I> inputs);

  /**
   * Asynchronous {@link #send(Object, SendOptions)}; completes exceptionally with
   * TaskSendException.
   */
  CompletableFuture<TaskHandle<T>> sendAsync(I input, SendOptions options);

  /** Replays a failed send with its exact payload and id; only for {@code ENQUEUE_FAILED}. */
  TaskHandle<T> retrySend(dev.gallop.error.TaskSendException e);

  /**
   * Runs the body in the calling thread without persistence or retries: for unit tests of task
   * code. Exceptions are mapped as a worker would map them.
   */
  TaskResult<T> callInline(I input);
}
