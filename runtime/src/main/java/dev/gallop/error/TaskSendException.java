package dev.gallop.error;

import org.jspecify.annotations.Nullable;

/** Sending a task failed. {@link #taskId()} is always filled, generated or given. */
public class TaskSendException extends GallopException {
  private static final long serialVersionUID = 1L;

  /** Why a send failed. */
  public enum Code {
    /** The engine is in a mode that suppresses sends. */
    SEND_SUPPRESSED,
    /** Bad input or options; nothing was written. */
    VALIDATION_FAILED,
    /** The database failed; {@link #retryable()} when the cause is transient. */
    ENQUEUE_FAILED,
    /** A task with this id exists with a different payload; nothing was written. */
    PAYLOAD_MISMATCH
  }

  private final Code code;
  private final String taskId;
  private final transient @Nullable Object replay;

  public TaskSendException(
      Code code, String message, boolean retryable, String taskId, @Nullable Throwable cause) {
    this(code, message, retryable, taskId, cause, null);
  }

  /** Internal: also carries the exact payload so that {@code retrySend} can replay it. */
  public TaskSendException(
      Code code,
      String message,
      boolean retryable,
      String taskId,
      @Nullable Throwable cause,
      @Nullable Object replay) {
    super(message, retryable, cause);
    this.code = code;
    this.taskId = taskId;
    this.replay = replay;
  }

  public Code code() {
    return code;
  }

  public String taskId() {
    return taskId;
  }

  /** Internal replay payload; not part of the supported API. */
  public @Nullable Object replay() {
    return replay;
  }
}
