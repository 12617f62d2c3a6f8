package dev.gallop.workflow;

import dev.gallop.task.TaskResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A reference to a started workflow, usable from any process. Creating one does not query the
 * database, so an unknown id surfaces on first use. Thread-safe.
 *
 * <p>{@link #get(Duration)} and {@link #resultFor(WorkflowNode)} never throw: problems become error
 * results with built-in codes. The other methods throw {@link
 * dev.gallop.error.WorkflowHandleException} ({@code WORKFLOW_NOT_FOUND}, {@code
 * DB_OPERATION_FAILED}, {@code INTERNAL_FAILED}).
 *
 * @param <T> the output type
 */
public interface WorkflowHandle<T> {
  String workflowId();

  WorkflowStatus status();

  CompletableFuture<WorkflowStatus> statusAsync();

  /** The workflow's own row: times, parent, depth, root. */
  WorkflowInfo info();

  CompletableFuture<WorkflowInfo> infoAsync();

  /**
   * Waits until the workflow is terminal or PAUSED, or the timeout passes. Null waits without
   * limit; zero or negative checks once. Holds no pooled connection while waiting.
   */
  TaskResult<T> get(@Nullable Duration timeout);

  /** Waits without limit. */
  default TaskResult<T> get() {
    return get(null);
  }

  /** Asynchronous {@link #get(Duration)}; always completes normally and holds no thread. */
  CompletableFuture<TaskResult<T>> getAsync(@Nullable Duration timeout);

  default CompletableFuture<TaskResult<T>> getAsync() {
    return getAsync(null);
  }

  /** Stored results (COMPLETED and FAILED nodes) by node id, in index order. */
  Map<String, TaskResult<?>> results();

  CompletableFuture<Map<String, TaskResult<?>>> resultsAsync();

  /** One node's result, without blocking: RESULT_NOT_READY, UPSTREAM_SKIPPED, ... */
  <U> TaskResult<U> resultFor(WorkflowNode<U> node);

  <U> TaskResult<U> resultFor(NodeKey<U> key);

  <U> CompletableFuture<TaskResult<U>> resultForAsync(WorkflowNode<U> node);

  <U> CompletableFuture<TaskResult<U>> resultForAsync(NodeKey<U> key);

  /** One entry per node, ordered by index. */
  List<WorkflowTaskInfo> tasks();

  CompletableFuture<List<WorkflowTaskInfo>> tasksAsync();

  /** Cancels the workflow (final); no change if it is already terminal. */
  void cancel();

  CompletableFuture<Void> cancelAsync();

  /** RUNNING to PAUSED; true if it was RUNNING. */
  boolean pause();

  CompletableFuture<Boolean> pauseAsync();

  /** Resumes it (and paused descendants); true if anything was resumed. */
  boolean resume();

  CompletableFuture<Boolean> resumeAsync();
}
