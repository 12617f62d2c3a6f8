package dev.gallop.error;

import org.jspecify.annotations.Nullable;

/**
 * Root of Gallop's unchecked exception hierarchy. Whether an operation may succeed when repeated is
 * data on the exception ({@link #retryable()}), never a guess from its type.
 */
public abstract class GallopException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  protected GallopException(String message, boolean retryable, @Nullable Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** The message (same as {@link #getMessage()}). */
  public String message() {
    return getMessage();
  }

  /** True when the same call may succeed if repeated (a transient database problem). */
  public boolean retryable() {
    return retryable;
  }
}
