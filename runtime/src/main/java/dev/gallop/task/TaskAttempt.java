package dev.gallop.task;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One finished execution attempt of a task.
 *
 * @param attempt number from 1
 * @param outcome COMPLETED, FAILED or WORKER_FAILURE
 * @param willRetry whether a retry was scheduled after it
 * @param startedAt when the body started (null for a worker failure found by recovery)
 * @param finishedAt when the attempt was recorded
 * @param errorCode the error's code name, or null
 * @param errorMessage the error's message, or null
 * @param workerId the worker that ran it
 */
public record TaskAttempt(
    int attempt,
    String outcome,
    boolean willRetry,
    @Nullable Instant startedAt,
    Instant finishedAt,
    @Nullable String errorCode,
    @Nullable String errorMessage,
    @Nullable String workerId) {}
