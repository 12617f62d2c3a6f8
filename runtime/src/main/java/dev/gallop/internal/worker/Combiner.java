package dev.gallop.internal.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Combines concurrent requests into batches (flat combining): a caller queues its request and takes
 * the lock; whoever holds it runs one batch for every request queued so far, and a caller whose
 * request was already served by an earlier batch just returns its answer. Under load, requests that
 * arrive while a batch runs form the next batch, so one database round trip and one commit serve
 * many tasks; when idle, a request is served at once, alone. Thread-safe.
 *
 * @param <Q> request
 * @param <A> answer
 */
final class Combiner<Q, A> {
  /** Runs one batch; returns one answer per request, in order. */
  @FunctionalInterface
  interface Batch<Q, A> {
    List<A> run(List<Q> requests) throws Exception;
  }

  private final class Pending {
    final Q request;
    @Nullable A answer;
    @Nullable Exception failure;
    volatile boolean done;

    Pending(Q request) {
      this.request = request;
    }
  }

  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Batch<Q, A> batch;
  private final int maxBatch;

  Combiner(int maxBatch, Batch<Q, A> batch) {
    this.maxBatch = maxBatch;
    this.batch = batch;
  }

  /**
   * Serves {@code request} in a batch and returns its answer.
   *
   * @throws Exception what the batch that carried it threw
   */
  A submit(Q request) throws Exception {
    Pending mine = new Pending(request);
    queue.add(mine);
    while (!mine.done) {
      lock.lock();
      try {
        if (!mine.done) {
          runBatch();
        }
      } finally {
        lock.unlock();
      }
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
    return mine.answer;
  }

  /** True when no request waits and no batch runs. */
  boolean idle() {
    return queue.isEmpty() && !lock.isLocked();
  }

  /** Requests waiting for a batch (for tests). */
  int queuedForTests() {
    return queue.size();
  }

  /** Under the lock: serves up to {@code maxBatch} queued requests (the oldest first). */
  private void runBatch() {
    List<Pending> taken = new ArrayList<>();
    Pending p;
    while (taken.size() < maxBatch && (p = queue.poll()) != null) {
      taken.add(p);
    }
    if (taken.isEmpty()) {
      return;
    }
    try {
      List<A> answers = batch.run(taken.stream().map(x -> x.request).toList());
      for (int i = 0; i < taken.size(); i++) {
        taken.get(i).answer = answers.get(i);
      }
    } catch (Exception e) {
      taken.forEach(x -> x.failure = e);
    } catch (Error e) {
      Exception wrapped = new IllegalStateException("batch failed: " + e, e);
      taken.forEach(x -> x.failure = wrapped);
      throw e;
    } finally {
      taken.forEach(x -> x.done = true);
    }
  }
}
