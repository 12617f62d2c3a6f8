package dev.gallop;

import org.jspecify.annotations.Nullable;

/**
 * A named queue in CUSTOM queue mode.
 *
 * @param name unique name: letters, digits, {@code _ - .}, at most 63 characters
 * @param priority 1 (most urgent) .. 100; workers fill free capacity from the most urgent queue
 *     first, and a queue's rows are claimed by {@code priority, enqueuedAt, id}
 * @param maxConcurrency cluster-wide cap on CLAIMED (valid lease) plus RUNNING rows of this queue,
 *     at least 1; null = uncapped
 */
public record Queue(String name, int priority, @Nullable Integer maxConcurrency) {
  /** The queue used in DEFAULT mode. */
  public static final String DEFAULT = "default";

  /** An uncapped queue. */
  public static Queue of(String name, int priority) {
    return new Queue(name, priority, null);
  }

  /** A queue with a cluster-wide concurrency cap. */
  public static Queue capped(String name, int priority, int maxConcurrency) {
    return new Queue(name, priority, maxConcurrency);
  }
}
