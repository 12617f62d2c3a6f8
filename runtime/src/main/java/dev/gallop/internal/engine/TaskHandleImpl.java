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

  /**
   * Marks the row as waited for, so that its completion is notified (migration V5): committed
   * before the status is read, so that a completion either finds the flag (its update waits for
   * this one) or has already committed what the read then sees.
   */
  private static final String WAITED =
      """
      update gallop_tasks set waited = true
       where id = ? and not waited and status not in ('COMPLETED', 'FAILED', 'CANCELLED', 'EXPIRED')
      """;

  private static final String INFO =
      "select " + TaskRows.INFO_COLUMNS + " from gallop_tasks where id = ?";
  private static final String ATTEMPTS =
      "select "
          + TaskRows.ATTEMPT_COLUMNS
          + " from gallop_attempts where task_id = ? order by attempt";

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
            .read(c -> {
              Sql.update(c, WAITED, id); // auto-commit: its own transaction, before the read
              return Sql.one(
                  c,
                  STATUS,
                  rs -> new Row(TaskStatus.valueOf(rs.getString(1)), rs.getString(2)),
                  id);
            });
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
            List<TaskAttempt> attempts = Sql.query(c, ATTEMPTS, TaskRows::attempt, id);
            return Sql.one(c, INFO, rs -> TaskRows.info(rs, attempts), id);
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
