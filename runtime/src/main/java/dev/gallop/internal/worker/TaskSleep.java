package dev.gallop.internal.worker;

/** Interrupt-aware sleep for backoff in background loops (never used as synchronisation). */
final class TaskSleep {
  private TaskSleep() {}

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
