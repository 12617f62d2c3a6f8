package dev.gallop.task;

/** Status of one durable task row. */
public enum TaskStatus {
  PENDING,
  CLAIMED,
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELLED,
  EXPIRED;

  /** COMPLETED, FAILED, CANCELLED and EXPIRED are terminal. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED || this == EXPIRED;
  }
}
