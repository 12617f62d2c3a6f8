package dev.gallop.monitor;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One worker process as it registered itself.
 *
 * @param workerId id, unique per start
 * @param host host name
 * @param pid process id
 * @param queues queues it claims from
 * @param concurrency its execution slots
 * @param startedAt when it (last) started
 * @param lastSeenAt its last heartbeat
 * @param stoppedAt when it shut down gracefully, else null
 * @param alive not stopped and seen within three of its heartbeat intervals
 * @param inFlight tasks it holds now (CLAIMED or RUNNING)
 */
public record WorkerStatus(
    String workerId,
    String host,
    long pid,
    List<String> queues,
    int concurrency,
    Instant startedAt,
    Instant lastSeenAt,
    @Nullable Instant stoppedAt,
    boolean alive,
    long inFlight) {
  public WorkerStatus {
    queues = List.copyOf(queues);
  }
}
