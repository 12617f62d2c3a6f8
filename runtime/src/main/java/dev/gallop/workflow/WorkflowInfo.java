package dev.gallop.workflow;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a workflow's own row.
 *
 * @param workflowId id
 * @param name workflow name
 * @param status current status
 * @param createdAt when it was created
 * @param startedAt when it started
 * @param completedAt when it became terminal, else null
 * @param parentWorkflowId parent for a child workflow, else null
 * @param parentNodeIndex parent node index for a child workflow, else null
 * @param depth 0 for a top-level workflow
 * @param rootWorkflowId the top-level workflow's id (its own id at the top)
 * @param definitionKey key of the definition it was built from, or null
 */
public record WorkflowInfo(
    String workflowId,
    String name,
    WorkflowStatus status,
    Instant createdAt,
    Instant startedAt,
    @Nullable Instant completedAt,
    @Nullable String parentWorkflowId,
    @Nullable Integer parentNodeIndex,
    int depth,
    String rootWorkflowId,
    @Nullable String definitionKey) {}
