package dev.gallop.task;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Exactly one of a success value of type {@code T} (which may be null) or a {@link TaskError}.
 * Immutable; equality by content. Match it with an exhaustive switch:
 *
 * <pre>{@code
 * switch (result) {
 *   case TaskResult.Ok<Integer> ok -> use(ok.value());
 *   case TaskResult.Err<Integer> err -> log(err.error());
 * }
 * }</pre>
 *
 * @param <T> the success type
 */
public sealed interface TaskResult<T> permits TaskResult.Ok, TaskResult.Err {

  /** A success; {@code value} may be null. */
  static <T> TaskResult<T> ok(@Nullable T value) {
    return new Ok<>(value);
  }

  /** A failure. @throws NullPointerException if {@code error} is null */
  static <T> TaskResult<T> err(TaskError error) {
    return new Err<>(error);
  }

  /** A failure with a user code and message. */
  static <T> TaskResult<T> err(String userCode, @Nullable String message) {
    return new Err<>(TaskError.of(userCode, message));
  }

  /** A failure with a code and message. */
  static <T> TaskResult<T> err(ErrorCode code, @Nullable String message) {
    return new Err<>(TaskError.of(code, message));
  }

  boolean isOk();

  default boolean isErr() {
    return !isOk();
  }

  /** The success value. @throws IllegalStateException on an error result */
  @Nullable T okValue();

  /** The error. @throws IllegalStateException on a success */
  TaskError errValue();

  /** The success value, or throws {@link TaskResultException} carrying the error. */
  @Nullable T unwrap();

  /** The error, or throws {@link IllegalStateException} on a success. */
  default TaskError unwrapErr() {
    return errValue();
  }

  /** True when this is an error with that built-in code. */
  default boolean hasCode(BuiltInCode code) {
    return isErr() && errValue().hasCode(code);
  }

  /** True when this is an error whose code has that name. */
  default boolean hasCode(String code) {
    return isErr() && errValue().hasCode(code);
  }

  /** A success. */
  record Ok<T>(@Nullable T value) implements TaskResult<T> {
    @Override
    public boolean isOk() {
      return true;
    }

    @Override
    public @Nullable T okValue() {
      return value;
    }

    @Override
    public TaskError errValue() {
      throw new IllegalStateException("errValue() on an ok result: " + this);
    }

    @Override
    public @Nullable T unwrap() {
      return value;
    }

    @Override
    public String toString() {
      return "ok(" + value + ")";
    }
  }

  /** A failure. */
  record Err<T>(TaskError error) implements TaskResult<T> {
    public Err {
      Objects.requireNonNull(error, "error");
    }

    @Override
    public boolean isOk() {
      return false;
    }

    @Override
    public T okValue() {
      throw new IllegalStateException("okValue() on an error result: " + error);
    }

    @Override
    public TaskError errValue() {
      return error;
    }

    @Override
    public T unwrap() {
      throw new TaskResultException(error);
    }

    @Override
    public String toString() {
      return "err(" + error + ")";
    }
  }
}
