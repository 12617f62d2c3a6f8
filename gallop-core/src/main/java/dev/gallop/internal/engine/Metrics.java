package dev.gallop.internal.engine;

import dev.gallop.workflow.WorkflowStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The engine's Micrometer meters (names in docs/operations.md). Without a registry every call is a
 * no-op. Meters are cached per tag combination, so the hot path is one map lookup and an atomic
 * add. Counts are taken in this process when the transition is written; a transaction retried after
 * a transient failure can count a workflow completion twice (rare, and never undercounts).
 * Thread-safe.
 */
public final class Metrics {
  private final @Nullable MeterRegistry registry;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public Metrics(@Nullable MeterRegistry registry) {
    this.registry = registry;
    if (registry != null) {
      Gauge.builder("gallop.tasks.in.flight", inFlight, AtomicInteger::get)
          .description("Task bodies running in this process")
          .register(registry);
    }
  }

  public boolean enabled() {
    return registry != null;
  }

  /** Tasks written PENDING by a send in this process. */
  public void enqueued(String queue, String task, int n) {
    if (registry != null) {
      counter("gallop.tasks.enqueued", "Tasks sent", "queue", queue, "task", task).increment(n);
    }
  }

  /** A body started: {@code queueWait} is from the time it became claimable to its start. */
  public void started(String queue, String task, Duration queueWait) {
    inFlight.incrementAndGet();
    if (registry != null) {
      counter("gallop.tasks.started", "Task bodies started", "queue", queue, "task", task)
          .increment();
      timer("gallop.task.queue.wait", "From claimable to started", "queue", queue, "task", task)
          .record(queueWait.isNegative() ? Duration.ZERO : queueWait);
    }
  }

  /** A body returned (or threw, mapped to an error) after {@code nanos}. */
  public void finished(String queue, String task, boolean ok, long nanos) {
    inFlight.decrementAndGet();
    if (registry != null) {
      counter(
              ok ? "gallop.tasks.completed" : "gallop.tasks.failed",
              ok ? "Attempts that returned ok" : "Attempts that returned an error (retries too)",
              "queue",
              queue,
              "task",
              task)
          .increment();
      timer(
              "gallop.task.duration",
              "Task body run time",
              "queue",
              queue,
              "task",
              task,
              "outcome",
              ok ? "ok" : "error")
          .record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  public void workflowStarted(String name) {
    if (registry != null) {
      counter("gallop.workflows.started", "Workflows started", "workflow", name).increment();
    }
  }

  public void workflowFinished(String name, WorkflowStatus status) {
    if (registry != null) {
      counter(
              "gallop.workflows.finished",
              "Workflows that became terminal or paused",
              "workflow",
              name,
              "status",
              status.name())
          .increment();
    }
  }

  /** Rows the reaper recovered; {@code kind} is stale_claim, stale_running or expired. */
  public void recovered(String kind, int n) {
    if (registry != null && n > 0) {
      counter("gallop.reaper.recovered", "Rows recovered by the reaper", "kind", kind).increment(n);
    }
  }

  /** One claim statement (with its cap check) took {@code nanos}. */
  public void claimed(String queue, long nanos) {
    if (registry != null) {
      timer("gallop.claim.latency", "Claim statement round trip", "queue", queue)
          .record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  private Counter counter(String name, String help, String... tags) {
    MeterRegistry r = registry;
    return counters.computeIfAbsent(
        key(name, tags), k -> Counter.builder(name).description(help).tags(tags).register(r));
  }

  private Timer timer(String name, String help, String... tags) {
    MeterRegistry r = registry;
    return timers.computeIfAbsent(
        key(name, tags),
        k ->
            Timer.builder(name)
                .description(help)
                .tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(r));
  }

  private static String key(String name, String... tags) {
    return name + '\u0000' + String.join("\u0000", tags);
  }
}
