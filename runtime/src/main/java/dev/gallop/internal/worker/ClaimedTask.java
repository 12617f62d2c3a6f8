package dev.gallop.internal.worker;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A row this worker has claimed.
 *
 * @param id task id
 * @param taskName registered name
 * @param queue queue
 * @param inputs stored inputs text
 * @param workflowId workflow, or null
 * @param nodeIndex node, or null
 * @param retryCount retries so far (the attempt is retryCount + 1)
 * @param enqueuedAt when it became claimable
 * @param startedAt when the claim also started it (a standalone task claimed into a free slot:
 *     PENDING to RUNNING in one statement), else null: it starts in a transaction of its own
 */
record ClaimedTask(
    String id,
    String taskName,
    String queue,
    String inputs,
    @Nullable String workflowId,
    @Nullable Integer nodeIndex,
    int retryCount,
    Instant enqueuedAt,
    @Nullable Instant startedAt) {}
