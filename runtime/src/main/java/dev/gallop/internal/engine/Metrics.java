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
 * no-op. A task's meters are registered once per queue and task name and cached, so recording is
 * two map lookups and atomic adds. Counts are taken in this process when the transition is written;
 * a transaction retried after a transient failure can count a workflow completion twice (rare, and
 * never undercounts). Thread-safe.
 */
public final class Metrics {
  private final @Nullable MeterRegistry registry;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<String, Map<String, TaskMeters>> tasks = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> claims = new ConcurrentHashMap<>();

  /** The meters of one task name in one queue. */
  private record TaskMeters(
      Counter enqueued,
      Counter started,
      Counter completed,
      Counter failed,
      Timer queueWait,
      Timer okDuration,
      Timer errorDuration) {}

  public Metrics(@Nullable MeterRegistry registry) {
    this.registry = registry;
    if (registry != null) {
      Gauge.builder("gallop.tasks.in.flight", inFlight, AtomicInteger::get)
          .description("Task bodies running in this process")
          .register(registry);
    }
  }

  /** Tasks written PENDING by a send in this process. */
  public void enqueued(String queue, String task, int n) {
    if (registry != null) {
      meters(queue, task).enqueued().increment(n);
    }
  }

  /** A body started: {@code queueWait} is from the time it became claimable to its start. */
  public void started(String queue, String task, Duration queueWait) {
    inFlight.incrementAndGet();
    if (registry != null) {
      TaskMeters m = meters(queue, task);
      m.started().increment();
      m.queueWait().record(queueWait.isNegative() ? Duration.ZERO : queueWait);
    }
  }

  /** A body returned (or threw, mapped to an error) after {@code nanos}. */
  public void finished(String queue, String task, boolean ok, long nanos) {
    inFlight.decrementAndGet();
    if (registry != null) {
      TaskMeters m = meters(queue, task);
      (ok ? m.completed() : m.failed()).increment();
      (ok ? m.okDuration() : m.errorDuration()).record(nanos, TimeUnit.NANOSECONDS);
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
    MeterRegistry r = registry;
    if (r != null) {
      claims
          .computeIfAbsent(
              queue,
              q -> timer(r, "gallop.claim.latency", "Claim statement round trip", "queue", q))
          .record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  private TaskMeters meters(String queue, String task) {
    MeterRegistry r = registry;
    return tasks
        .computeIfAbsent(queue, q -> new ConcurrentHashMap<>())
        .computeIfAbsent(
            task,
            t -> {
              String[] tags = {"queue", queue, "task", t};
              return new TaskMeters(
                  Counter.builder("gallop.tasks.enqueued")
                      .description("Tasks sent")
                      .tags(tags)
                      .register(r),
                  Counter.builder("gallop.tasks.started")
                      .description("Task bodies started")
                      .tags(tags)
                      .register(r),
                  Counter.builder("gallop.tasks.completed")
                      .description("Attempts that returned ok")
                      .tags(tags)
                      .register(r),
                  Counter.builder("gallop.tasks.failed")
                      .description("Attempts that returned an error (retries too)")
                      .tags(tags)
                      .register(r),
                  timer(r, "gallop.task.queue.wait", "From claimable to started", tags),
                  timer(r, "gallop.task.duration", "Task body run time", with(tags, "ok")),
                  timer(r, "gallop.task.duration", "Task body run time", with(tags, "error")));
            });
  }

  private static String[] with(String[] tags, String outcome) {
    return new String[] {tags[0], tags[1], tags[2], tags[3], "outcome", outcome};
  }

  private Counter counter(String name, String help, String... tags) {
    MeterRegistry r = registry;
    return counters.computeIfAbsent(
        name + '\u0000' + String.join("\u0000", tags),
        k -> Counter.builder(name).description(help).tags(tags).register(r));
  }

  private static Timer timer(MeterRegistry r, String name, String help, String... tags) {
    return Timer.builder(name)
        .description(help)
        .tags(tags)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(r);
  }
}
