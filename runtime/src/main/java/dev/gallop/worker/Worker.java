package dev.gallop.worker;

import java.time.Duration;

/**
 * A worker runtime: claims tasks from PostgreSQL and runs them, renews leases, recovers crashed
 * work and advances workflows. Any number of workers, in any number of JVMs, may share one
 * database. Obtain one from {@code gallop.worker(options)}. Thread-safe.
 */
public interface Worker extends AutoCloseable {
  /** This worker's identity, as written into claims, attempts and heartbeats. */
  String workerId();

  /** Starts claiming. @throws IllegalStateException if already started or shut down */
  Worker start();

  /**
   * Stops claiming, hands back claims whose body has not started, lets running bodies finish
   * (recording their results) and then stops the background jobs. Returns at once.
   */
  void shutdown();

  /** Waits for {@link #shutdown()} to finish; true if it did within the timeout. */
  boolean awaitTermination(Duration timeout) throws InterruptedException;

  /** True between {@link #start()} and {@link #shutdown()}. */
  boolean isRunning();

  /** Shuts down and waits up to the configured drain time. */
  @Override
  void close();
}
