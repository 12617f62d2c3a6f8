package dev.gallop.workflow;

import org.jspecify.annotations.Nullable;

/**
 * What a parent learns about a finished child workflow.
 *
 * @param status the child's final status
 * @param output the child's ok value, or null
 * @param totalTasks nodes of the child
 * @param completedTasks of which COMPLETED
 * @param failedTasks of which FAILED
 * @param skippedTasks of which SKIPPED
 * @param errorSummary for a FAILED or CANCELLED child: the message of its final error (or the
 *     code's name); null for a COMPLETED child
 * @param <T> the child's output type
 */
public record SubWorkflowSummary<T>(
    WorkflowStatus status,
    @Nullable T output,
    int totalTasks,
    int completedTasks,
    int failedTasks,
    int skippedTasks,
    @Nullable String errorSummary) {}
