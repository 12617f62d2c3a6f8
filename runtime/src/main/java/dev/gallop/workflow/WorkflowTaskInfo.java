package dev.gallop.workflow;

import dev.gallop.task.TaskResult;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one workflow node.
 *
 * @param nodeId the node's id
 * @param index position in {@link WorkflowSpec#tasks()}
 * @param name task name (for a subworkflow node: the child workflow's name)
 * @param status current status
 * @param result stored result (COMPLETED or FAILED), else null
 * @param taskId id of the node's current task row once enqueued (task nodes), else null
 * @param startedAt when the node moved ENQUEUED to RUNNING (body started), else null
 * @param completedAt when it reached COMPLETED or FAILED, else null
 * @param subWorkflowId the child's id (subworkflow nodes), else null
 * @param subWorkflowStatus the child's status (subworkflow nodes), else null
 * @param subWorkflowSummary the child's summary once it is terminal (subworkflow nodes), else null
 */
public record WorkflowTaskInfo(
    String nodeId,
    int index,
    String name,
    WorkflowTaskStatus status,
    @Nullable TaskResult<?> result,
    @Nullable String taskId,
    @Nullable Instant startedAt,
    @Nullable Instant completedAt,
    @Nullable String subWorkflowId,
    @Nullable WorkflowStatus subWorkflowStatus,
    @Nullable SubWorkflowSummary<?> subWorkflowSummary) {}
