package dev.gallop.workflow;

/**
 * Identity of the workflow node a task runs for. Declare an input of this type and the worker fills
 * it; it never needs a value.
 *
 * @param workflowId the workflow's id
 * @param taskIndex the node's index
 * @param taskName the task's name
 */
public record WorkflowMeta(String workflowId, int taskIndex, String taskName) {}
