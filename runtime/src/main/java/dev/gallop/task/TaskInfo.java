package dev.gallop.task;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one task row and its attempts.
 *
 * @param taskId id
 * @param taskName registered task name
 * @param queue queue name
 * @param priority claim priority (1 most urgent)
 * @param status current status
 * @param retryCount retries scheduled so far
 * @param maxRetries retries allowed by its policy (0 without a policy)
 * @param sentAt when it was sent
 * @param enqueuedAt when it is or was claimable from
 * @param claimedAt last claim time
 * @param startedAt last start time of its body
 * @param completedAt when it became terminal
 * @param goodUntil deadline to start, or null
 * @param errorCode final error code name (final failures only)
 * @param failedReason final error message
 * @param claimedBy worker holding or last holding the claim
 * @param workflowId workflow it belongs to, or null for a standalone task
 * @param nodeIndex node it runs for, or null
 * @param attempts finished attempts, in order
 */
public record TaskInfo(
    String taskId,
    String taskName,
    String queue,
    int priority,
    TaskStatus status,
    int retryCount,
    int maxRetries,
    Instant sentAt,
    Instant enqueuedAt,
    @Nullable Instant claimedAt,
    @Nullable Instant startedAt,
    @Nullable Instant completedAt,
    @Nullable Instant goodUntil,
    @Nullable String errorCode,
    @Nullable String failedReason,
    @Nullable String claimedBy,
    @Nullable String workflowId,
    @Nullable Integer nodeIndex,
    List<TaskAttempt> attempts) {}
