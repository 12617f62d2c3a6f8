package dev.gallop.task;

/** Thrown by {@link TaskResult#unwrap()} on an error result; carries the {@link TaskError}. */
public final class TaskResultException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient TaskError error;

  public TaskResultException(TaskError error) {
    super(String.valueOf(error));
    this.error = error;
  }

  public TaskError error() {
    return error;
  }
}
