package dev.gallop.internal.worker;

import dev.gallop.internal.db.Sql;
import dev.gallop.internal.engine.Notifications;
import dev.gallop.task.ErrorCode;
import dev.gallop.task.RetryPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The retry rule of tasks-and-workers §5, shared by workers (a failed attempt) and the reaper (a
 * crashed one): retry only if a policy exists, retries remain, the code is in {@code autoRetryFor},
 * the retry time is before {@code goodUntil}, and the workflow (if any) is not cancelled.
 */
final class Retries {
  /**
   * The retry, and a {@code task_new} notification for its queue in the same statement: every
   * worker's claim loop then learns the new due time (a worker does not wake its claim loop for a
   * slot freed while it had slots to spare). A NOTIFY makes its commit queue behind other notifying
   * commits ({@link Notifications#tasksDone(String)}); a retry is rare enough to pay that.
   */
  private static final String RETRY =
      """
      with retried as (
      update gallop_tasks set status = 'PENDING', retry_count = retry_count + 1,
             enqueued_at = now() + ? * interval '1 millisecond', claimed_by = null, claim_expires_at = null,
             claimer_heartbeat_at = null, runner_heartbeat_at = null, updated_at = now()
       where id = ? and status = 'RUNNING'
      returning queue_name
      )
      select pg_notify('%s', queue_name) from retried
      """
          .formatted(Notifications.TASK_NEW);

  private static final String WORKFLOW_STATUS = "select status from gallop_workflows where id = ?";

  private Retries() {}

  /** The delay before the next attempt, or null when the error is final. */
  static @Nullable Duration delay(
      Connection c,
      @Nullable RetryPolicy policy,
      int retryCount,
      @Nullable ErrorCode code,
      @Nullable Instant goodUntil,
      @Nullable String workflowId)
      throws SQLException {
    if (policy == null
        || code == null
        || retryCount >= policy.maxRetries()
        || !policy.retriesOn(code)) {
      return null;
    }
    Duration d = policy.delayFor(retryCount + 1, ThreadLocalRandom.current());
    if (goodUntil != null && !Instant.now().plus(d).isBefore(goodUntil)) {
      return null;
    }
    if (workflowId != null
        && "CANCELLED"
            .equals(Sql.one(c, WORKFLOW_STATUS, rs -> rs.getString(1), workflowId).orElse(null))) {
      return null;
    }
    return d;
  }

  /**
   * RUNNING → PENDING with {@code retryCount + 1}, claimable after {@code delay}, and notified to
   * the workers of its queue on commit. The caller holds the row's lock.
   *
   * @throws IllegalStateException if the row was not RUNNING
   */
  static void schedule(Connection c, String taskId, Duration delay) throws SQLException {
    int n = Sql.query(c, RETRY, rs -> rs.getString(1), delay.toMillis(), taskId).size();
    if (n != 1) {
      throw new IllegalStateException("retry of task " + taskId + " updated " + n + " rows, not 1");
    }
  }
}
