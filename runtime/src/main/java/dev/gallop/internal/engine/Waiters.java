package dev.gallop.internal.engine;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Waiters by id. A notification wakes only the waiters of its id; each waiter re-reads the database
 * on every wake-up and at least every re-check slice: a long one while the LISTEN connection is up
 * (notifications are the wake-up; a reconnect wakes everyone), a short one while it is down. A
 * transient database failure does not end a wait: the waiter re-checks every second until its
 * deadline (reporting the failure only if the deadline passes while the database is still failing).
 * A waiter holds no pooled connection and no thread while it waits: checks run on the engine's
 * executor, timers on one shared scheduler.
 */
public final class Waiters {
  private final ConcurrentHashMap<String, Set<Await<?>>> byKey = new ConcurrentHashMap<>();
  private final Executor executor;
  private final ScheduledExecutorService timer;
  private final Duration listeningSlice;
  private final Duration deafSlice;
  private final BooleanSupplier listening;

  /**
   * @param listeningSlice re-check interval while {@code listening} is true
   * @param deafSlice re-check interval while it is false (no notification can arrive)
   */
  public Waiters(
      Executor executor,
      ScheduledExecutorService timer,
      Duration listeningSlice,
      Duration deafSlice,
      BooleanSupplier listening) {
    this.executor = executor;
    this.timer = timer;
    this.listeningSlice = listeningSlice;
    this.deafSlice = deafSlice;
    this.listening = listening;
  }

  /** Wakes the waiters of one key. */
  public void wake(String key) {
    Set<Await<?>> s = byKey.get(key);
    if (s != null) {
      s.forEach(Await::trigger);
    }
  }

  /** Ends every pending wait with its error result (the engine is closing), so no caller hangs. */
  public void failAll(String reason) {
    IllegalStateException e = new IllegalStateException(reason);
    byKey.values().forEach(set -> set.forEach(a -> a.fail(e)));
  }

  /** Wakes every waiter (after a LISTEN reconnect). */
  public void wakeAll() {
    byKey.values().forEach(s -> s.forEach(Await::trigger));
  }

  public int size() {
    return byKey.values().stream().mapToInt(Set::size).sum();
  }

  /**
   * Waits until {@code check} returns a value, the timeout passes ({@code onTimeout}) or the check
   * throws ({@code onError}). A null timeout waits without limit; zero or negative checks once. The
   * returned future always completes normally.
   */
  public <R> CompletableFuture<R> await(
      String key,
      @Nullable Duration timeout,
      Callable<Optional<R>> check,
      Supplier<R> onTimeout,
      Function<Throwable, R> onError) {
    long deadline;
    if (timeout == null) {
      deadline = Long.MAX_VALUE;
    } else {
      long nanos = timeout.isNegative() ? 0 : saturatedNanos(timeout);
      deadline = System.nanoTime() + nanos;
    }
    Await<R> a = new Await<>(key, deadline, check, onTimeout, onError);
    byKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(a);
    a.trigger();
    return a.future;
  }

  /**
   * Waits for a result, folding a timeout into {@code err(WAIT_TIMEOUT)} and a failing check into
   * {@code err(BROKER_ERROR)}: the {@code get()} contract of both handle kinds.
   */
  @SuppressWarnings("unchecked")
  public <T> CompletableFuture<dev.gallop.task.TaskResult<T>> awaitResult(
      String key,
      String what,
      @Nullable Duration timeout,
      Callable<Optional<dev.gallop.task.TaskResult<T>>> check) {
    return await(
        key,
        timeout,
        check,
        () ->
            (dev.gallop.task.TaskResult<T>)
                (dev.gallop.task.TaskResult<?>)
                    Outcomes.builtIn(
                        dev.gallop.task.BuiltInCode.WAIT_TIMEOUT,
                        what + " did not finish within " + timeout),
        t ->
            (dev.gallop.task.TaskResult<T>)
                (dev.gallop.task.TaskResult<?>)
                    Outcomes.builtIn(
                        dev.gallop.task.BuiltInCode.BROKER_ERROR,
                        "reading " + what + " failed: " + t.getMessage()));
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4;
    }
  }

  private void remove(Await<?> a) {
    byKey.computeIfPresent(
        a.key,
        (k, s) -> {
          s.remove(a);
          return s.isEmpty() ? null : s;
        });
  }

  private final class Await<R> {
    final String key;
    final long deadline;
    final Callable<Optional<R>> check;
    final Supplier<R> onTimeout;
    final Function<Throwable, R> onError;
    final CompletableFuture<R> future = new CompletableFuture<>();
    final AtomicInteger wip = new AtomicInteger();
    volatile @Nullable ScheduledFuture<?> timerTask;
    @Nullable Throwable lastTransient;

    Await(
        String key,
        long deadline,
        Callable<Optional<R>> check,
        Supplier<R> onTimeout,
        Function<Throwable, R> onError) {
      this.key = key;
      this.deadline = deadline;
      this.check = check;
      this.onTimeout = onTimeout;
      this.onError = onError;
    }

    void fail(Throwable t) {
      finish(onError.apply(t));
    }

    void trigger() {
      if (!future.isDone() && wip.getAndIncrement() == 0) {
        executor.execute(this::drain);
      }
    }

    private void drain() {
      int missed = 1;
      do {
        if (future.isDone()) {
          return;
        }
        step();
        missed = wip.addAndGet(-missed);
      } while (missed != 0);
    }

    private void step() {
      Optional<R> r;
      long retryIn = (listening.getAsBoolean() ? listeningSlice : deafSlice).toNanos();
      try {
        r = check.call();
        lastTransient = null;
      } catch (Throwable t) {
        if (t instanceof VirtualMachineError e) {
          throw e;
        }
        if (!dev.gallop.internal.db.Transients.isTransient(t)
            || deadline - System.nanoTime() <= 0) {
          finish(onError.apply(t));
          return;
        }
        // a transient database failure while waiting: keep waiting, re-check soon (and on
        // reconnect)
        lastTransient = t;
        r = Optional.empty();
        retryIn = Math.min(retryIn, TimeUnit.SECONDS.toNanos(1));
      }
      if (r.isPresent()) {
        finish(r.get());
        return;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        Throwable failing = lastTransient;
        finish(failing != null ? onError.apply(failing) : onTimeout.get());
        return;
      }
      long wait = Math.min(left, retryIn);
      ScheduledFuture<?> old = timerTask;
      if (old != null) {
        old.cancel(false);
      }
      timerTask = timer.schedule(this::trigger, wait, TimeUnit.NANOSECONDS);
    }

    private void finish(R value) {
      remove(this);
      ScheduledFuture<?> t = timerTask;
      if (t != null) {
        t.cancel(false);
      }
      future.complete(value);
    }
  }
}
