package dev.gallop.internal.engine;

import dev.gallop.internal.db.Sql;
import dev.gallop.task.TaskAttempt;
import dev.gallop.task.TaskInfo;
import dev.gallop.task.TaskStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Column lists and row mappers for task snapshots, shared by task handles and the monitoring API.
 */
public final class TaskRows {
  /** Columns of {@link #info}, for {@code select ... from gallop_tasks}. */
  public static final String INFO_COLUMNS =
      """
      id, task_name, queue_name, priority, status, retry_count, max_retries, sent_at, enqueued_at,
      claimed_at, started_at, completed_at, good_until, error_code, failed_reason, claimed_by,
      workflow_id, node_index\
      """;

  /**
   * Columns of {@link #attempt}, for {@code select ... from gallop_attempts}: the view of every
   * attempt (the stored rows of failed and crashed attempts, and each completed task's successful
   * attempt, which its task row records; migration V6).
   */
  public static final String ATTEMPT_COLUMNS =
      "task_id, attempt, outcome, will_retry, started_at, finished_at, error_code, error_message,"
          + " worker_id";

  private TaskRows() {}

  public static TaskAttempt attempt(ResultSet rs) throws SQLException {
    return new TaskAttempt(
        rs.getInt("attempt"),
        rs.getString("outcome"),
        rs.getBoolean("will_retry"),
        Sql.instant(rs, "started_at"),
        Sql.instant(rs, "finished_at"),
        rs.getString("error_code"),
        rs.getString("error_message"),
        rs.getString("worker_id"));
  }

  public static TaskInfo info(ResultSet rs, List<TaskAttempt> attempts) throws SQLException {
    return new TaskInfo(
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
        attempts);
  }
}
