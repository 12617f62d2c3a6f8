package dev.gallop.task;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The error side of a {@link TaskResult}: a code, an optional message, optional JSON-compatible
 * data (map, list, string, number, boolean) and optional information about a mapped exception.
 * Immutable; equality is by content.
 */
public class TaskError {
  private final @Nullable ErrorCode errorCode;
  private final @Nullable String message;
  private final @Nullable Object data;
  private final @Nullable ExceptionInfo exception;

  public TaskError(
      @Nullable ErrorCode errorCode,
      @Nullable String message,
      @Nullable Object data,
      @Nullable ExceptionInfo exception) {
    this.errorCode = errorCode;
    this.message = message;
    this.data = data;
    this.exception = exception;
  }

  /** An error with a user code. */
  public static TaskError of(String userCode, @Nullable String message) {
    return new TaskError(new UserCode(userCode), message, null, null);
  }

  /** An error with a code and message. */
  public static TaskError of(ErrorCode code, @Nullable String message) {
    return new TaskError(code, message, null, null);
  }

  /** An error with a code, message and data. */
  public static TaskError of(ErrorCode code, @Nullable String message, @Nullable Object data) {
    return new TaskError(code, message, data, null);
  }

  /** The code; null only if user code built the error without one. */
  public @Nullable ErrorCode errorCode() {
    return errorCode;
  }

  public @Nullable String message() {
    return message;
  }

  public @Nullable Object data() {
    return data;
  }

  /** Information about the exception this error was mapped from, or null. */
  public @Nullable ExceptionInfo exception() {
    return exception;
  }

  /** True when the code is this built-in code. */
  public boolean hasCode(BuiltInCode code) {
    return errorCode == code;
  }

  /** True when the code's name equals {@code code} (built-in or user). */
  public boolean hasCode(String code) {
    return errorCode != null && errorCode.name().equals(code);
  }

  /** The code's name, or null. */
  public @Nullable String codeName() {
    return errorCode == null ? null : errorCode.name();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskError e
        && getClass() == e.getClass()
        && Objects.equals(errorCode, e.errorCode)
        && Objects.equals(message, e.message)
        && Objects.equals(data, e.data)
        && Objects.equals(exception, e.exception);
  }

  @Override
  public int hashCode() {
    return Objects.hash(errorCode, message, data, exception);
  }

  /**
   * The error for people: {@code CODE: message} (or the code alone), as the dashboard and the
   * command line show it.
   */
  public String describe() {
    return codeName() + (message == null || message.isBlank() ? "" : ": " + message);
  }

  @Override
  public String toString() {
    return "TaskError["
        + codeName()
        + (message == null ? "" : ": " + message)
        + (data == null ? "" : ", data=" + data)
        + "]";
  }

  /**
   * What is kept of an exception that was mapped to an error code.
   *
   * @param className the exception's class name
   * @param message its message, or null
   * @param stackTrace its stack trace as text, or null
   */
  public record ExceptionInfo(
      String className, @Nullable String message, @Nullable String stackTrace) {}
}
