package dev.gallop.internal.engine;

import dev.gallop.Queue;
import dev.gallop.task.ErrorCode;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Frozen engine configuration.
 *
 * @param queues configured queues by name (DEFAULT mode: just {@code default}, priority 100)
 * @param customMode true when queues were configured explicitly
 * @param clusterWideCap cap over all queues, or null
 * @param payloadLimitBytes limit of one serialized value
 * @param exceptionMappers engine-level exact-class exception mapping
 * @param resendOnTransientError retry sends and starts on transient database failures
 * @param schema database schema
 * @param definitionRegistry false for client-only processes, which leave subworkflow nodes READY
 *     for the workers instead of starting (or failing) them
 * @param meterRegistry where the engine's metrics go, or null for none
 */
public record EngineConfig(
    Map<String, Queue> queues,
    boolean customMode,
    @Nullable Integer clusterWideCap,
    int payloadLimitBytes,
    Map<Class<? extends Throwable>, ErrorCode> exceptionMappers,
    boolean resendOnTransientError,
    String schema,
    boolean definitionRegistry,
    @Nullable MeterRegistry meterRegistry) {

  /** Queues, most urgent first. */
  public List<Queue> queuesByPriority() {
    return queues.values().stream()
        .sorted(Comparator.comparingInt(Queue::priority).thenComparing(Queue::name))
        .toList();
  }

  /** True when claims on this queue must count under an advisory lock. */
  public boolean capped(String queue) {
    Queue q = queues.get(queue);
    return clusterWideCap != null || (q != null && q.maxConcurrency() != null);
  }
}
