package dev.gallop.internal.engine;

import dev.gallop.error.WorkflowHandleException;
import dev.gallop.internal.db.Sql;
import dev.gallop.internal.db.Transients;
import dev.gallop.internal.json.TaskResultJson;
import dev.gallop.task.BuiltInCode;
import dev.gallop.task.TaskAttempt;
import dev.gallop.task.TaskHandle;
import dev.gallop.task.TaskInfo;
import dev.gallop.task.TaskResult;
import dev.gallop.task.TaskStatus;
import java.lang.reflect.Type;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** Handle of one task row. Stateless apart from its id and type; thread-safe. */
public final class TaskHandleImpl<T> implements TaskHandle<T> {
  private static final String STATUS = "select status, result from gallop_tasks where id = ?";
  private static final String INFO =
      """
      select id, task_name, queue_name, priority, status, retry_count, max_retries, sent_at, enqueued_at,
             claimed_at, started_at, completed_at, good_until, error_code, failed_reason, claimed_by,
             workflow_id, node_index
      from gallop_tasks where id = ?
      """;
  private static final String ATTEMPTS =
      """
      select attempt, outcome, will_retry, started_at, finished_at, error_code, error_message, worker_id
      from gallop_task_attempts where task_id = ? order by attempt
      """;

  private final Engine engine;
  private final String id;
  private final @Nullable Type resultType;

  public TaskHandleImpl(Engine engine, String id, @Nullable Type resultType) {
    this.engine = engine;
    this.id = id;
    this.resultType = resultType;
  }

  @Override
  public String taskId() {
    return id;
  }

  @Override
  public TaskResult<T> get(@Nullable Duration timeout) {
    return getAsync(timeout).join();
  }

  @Override
  public CompletableFuture<TaskResult<T>> getAsync(@Nullable Duration timeout) {
    return engine.waiters().awaitResult("t:" + id, "task '" + id + "'", timeout, this::check);
  }

  @SuppressWarnings("unchecked")
  private Optional<TaskResult<T>> check() throws SQLException {
    record Row(TaskStatus status, @Nullable String result) {}
    Optional<Row> row =
        engine
            .db()
            .read(c ->
                Sql.one(
                    c,
                    STATUS,
                    rs -> new Row(TaskStatus.valueOf(rs.getString(1)), rs.getString(2)),
                    id));
    if (row.isEmpty()) {
      return Optional.of(
          (TaskResult<T>)
              (TaskResult<?>)
                  Outcomes.builtIn(BuiltInCode.TASK_NOT_FOUND, "no task with id '" + id + "'"));
    }
    Row r = row.get();
    if (!r.status().isTerminal()) {
      return Optional.empty();
    }
    if (r.status() == TaskStatus.CANCELLED) {
      return Optional.of(
          (TaskResult<T>)
              (TaskResult<?>)
                  Outcomes.builtIn(BuiltInCode.TASK_CANCELLED, "task '" + id + "' was cancelled"));
    }
    if (r.result() == null) {
      BuiltInCode code =
          switch (r.status()) {
            case EXPIRED -> BuiltInCode.TASK_EXPIRED;
            case COMPLETED -> BuiltInCode.RESULT_NOT_AVAILABLE;
            default -> BuiltInCode.WORKER_CRASHED;
          };
      return Optional.of(
          (TaskResult<T>)
              (TaskResult<?>) Outcomes.builtIn(code, "task '" + id + "' has no stored result"));
    }
    return Optional.of((TaskResult<T>) (TaskResult<?>) decode(r.result(), resultType));
  }

  /** Decodes a stored result, folding unreadable and unconvertible values into error results. */
  public static TaskResult<Object> decode(String text, @Nullable Type type) {
    try {
      return TaskResultJson.read(text, type);
    } catch (TaskResultJson.UnreadableException e) {
      return Outcomes.builtIn(BuiltInCode.RESULT_DESERIALIZATION_ERROR, e.getMessage());
    } catch (TaskResultJson.HydrationException e) {
      return Outcomes.builtIn(BuiltInCode.RESULT_HYDRATION_ERROR, e.getMessage());
    }
  }

  @Override
  public TaskInfo info() {
    try {
      return engine
          .db()
          .read(c -> {
            List<TaskAttempt> attempts =
                Sql.query(
                    c,
                    ATTEMPTS,
                    rs ->
                        new TaskAttempt(
                            rs.getInt(1),
                            rs.getString(2),
                            rs.getBoolean(3),
                            Sql.instant(rs, "started_at"),
                            Sql.instant(rs, "finished_at"),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8)),
                    id);
            return Sql.one(
                c,
                INFO,
                rs ->
                    new TaskInfo(
                        rs.getString("id"),
                        rs.getString("task_name"),
                        rs.getString("queue_name"),
                        rs.getInt("priority"),
                        TaskStatus.valueOf(rs.getString("status")),
                        rs.getInt("retry_count"),
                        rs.getInt("max_retries"),
                        Sql.instant(rs, "sent_at"),
                        Sql.instant(rs, "enqueued_at"),
                        Sql.instant(rs, "claimed_at"),
                        Sql.instant(rs, "started_at"),
                        Sql.instant(rs, "completed_at"),
                        Sql.instant(rs, "good_until"),
                        rs.getString("error_code"),
                        rs.getString("failed_reason"),
                        rs.getString("claimed_by"),
                        rs.getString("workflow_id"),
                        Sql.intOrNull(rs, "node_index"),
                        attempts),
                id);
          })
          .orElseThrow(() ->
              new WorkflowHandleException(
                  WorkflowHandleException.Code.WORKFLOW_NOT_FOUND,
                  "no task with id '" + id + "'",
                  false,
                  id,
                  null));
    } catch (SQLException e) {
      throw new WorkflowHandleException(
          WorkflowHandleException.Code.DB_OPERATION_FAILED,
          "reading task '" + id + "' failed: " + e.getMessage(),
          Transients.isTransient(e),
          id,
          e);
    }
  }
}
