package dev.gallop.dashboard.internal;

import dev.gallop.monitor.Monitor;
import dev.gallop.monitor.QueueStats;
import dev.gallop.monitor.WorkerStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cluster-wide gauges read from the database at scrape time: queue depth by state and live workers.
 * A queue seen once keeps its gauges (at 0 when empty). Thread-safe.
 */
final class DbGauges {
  private final Monitor monitor;
  private final MeterRegistry registry;
  private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();

  DbGauges(Monitor monitor, MeterRegistry registry) {
    this.monitor = monitor;
    this.registry = registry;
  }

  synchronized void refresh() {
    for (QueueStats q : monitor.queues()) {
      set("gallop.queue.tasks", q.ready(), "queue", q.name(), "state", "ready");
      set("gallop.queue.tasks", q.scheduled(), "queue", q.name(), "state", "scheduled");
      set("gallop.queue.tasks", q.claimed(), "queue", q.name(), "state", "claimed");
      set("gallop.queue.tasks", q.running(), "queue", q.name(), "state", "running");
    }
    List<WorkerStatus> workers = monitor.workers();
    set("gallop.workers.alive", workers.stream().filter(WorkerStatus::alive).count());
    set(
        "gallop.workers.in.flight",
        workers.stream().filter(WorkerStatus::alive).mapToLong(WorkerStatus::inFlight).sum());
  }

  private void set(String name, long value, String... tags) {
    values
        .computeIfAbsent(
            name + String.join(",", tags),
            k -> {
              AtomicLong v = new AtomicLong();
              Gauge.builder(name, v, AtomicLong::get).tags(tags).register(registry);
              return v;
            })
        .set(value);
  }
}
