package dev.gallop.internal.worker;

import dev.gallop.internal.db.Sql;
import dev.gallop.internal.engine.Engine;
import dev.gallop.internal.engine.Notifications;
import dev.gallop.internal.engine.Outcomes;
import dev.gallop.internal.engine.RetryPolicyJson;
import dev.gallop.internal.json.TaskResultJson;
import dev.gallop.task.BuiltInCode;
import dev.gallop.task.TaskResult;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash recovery and expiry, run by every worker every recoveryCheckInterval. Idempotent and safe
 * to run concurrently: each change is a guarded update, stale RUNNING rows are taken with {@code
 * SKIP LOCKED} one transaction each, and workflow reconciliation re-checks under the workflow lock.
 */
final class Reaper {
  private static final Logger log = LoggerFactory.getLogger(Reaper.class);
  private static final int BATCH = 200;

  private static final String REQUEUE_STALE_CLAIMS =
      """
      update gallop_tasks set status = 'PENDING', claimed_by = null, claim_expires_at = null,
             claimer_heartbeat_at = null, updated_at = now()
       where id in (select id from gallop_tasks
                     where status = 'CLAIMED'
                       and (claim_expires_at <= now()
                            or coalesce(claimer_heartbeat_at, claimed_at) < now() - ? * interval '1 millisecond')
                     for update skip locked)
      returning queue_name
      """;
  private static final String STALE_RUNNING_IDS =
      """
      select id from gallop_tasks
       where status = 'RUNNING' and coalesce(runner_heartbeat_at, started_at) < now() - ? * interval '1 millisecond'
       limit ?
      """;
  private static final String LOCK_STALE =
      """
      select retry_count, retry_policy, workflow_id, node_index, good_until, queue_name, claimed_by, started_at
        from gallop_tasks
       where id = ? and status = 'RUNNING' and coalesce(runner_heartbeat_at, started_at) < now() - ? * interval '1 millisecond'
       for update skip locked
      """;
  private static final String ATTEMPT =
      """
      insert into gallop_task_attempts (task_id, attempt, outcome, will_retry, started_at, finished_at,
                                        error_code, error_message, worker_id)
      values (?, ?, 'WORKER_FAILURE', ?, ?, now(), 'WORKER_CRASHED', ?, ?)
      on conflict (task_id, attempt) do nothing
      """;
  private static final String EXPIRED_IDS =
      """
      select id from gallop_tasks where status = 'PENDING' and good_until is not null and good_until <= now() limit ?
      """;
  private static final String LOCK_EXPIRED =
      """
      select workflow_id, node_index, queue_name from gallop_tasks
       where id = ? and status = 'PENDING' and good_until <= now() for update skip locked
      """;

  private final Engine engine;
  private final long claimedStaleMillis;
  private final long runningStaleMillis;

  Reaper(Engine engine, Duration claimedStale, Duration runningStale) {
    this.engine = engine;
    this.claimedStaleMillis = claimedStale.toMillis();
    this.runningStaleMillis = runningStale.toMillis();
  }

  /** Runs every step once; returns how many rows each step changed (for tests and metrics). */
  Counts runOnce() throws SQLException {
    int claims = requeueStaleClaims();
    int running = failStaleRunning();
    int expired = expire();
    int reconciled = engine.workflows().reconcile(BATCH);
    return new Counts(claims, running, expired, reconciled);
  }

  /** What one recovery pass changed. */
  record Counts(int staleClaims, int staleRunning, int expired, int reconciled) {
    int total() {
      return staleClaims + staleRunning + expired + reconciled;
    }
  }

  int requeueStaleClaims() throws SQLException {
    return engine
        .db()
        .tx(c -> {
          List<String> queues =
              Sql.query(c, REQUEUE_STALE_CLAIMS, rs -> rs.getString(1), claimedStaleMillis);
          for (String q : queues.stream().distinct().toList()) {
            Sql.notify(c, Notifications.TASK_NEW, q);
          }
          if (!queues.isEmpty()) {
            log.info("requeued {} stale claims", queues.size());
          }
          return queues.size();
        });
  }

  int failStaleRunning() throws SQLException {
    List<String> ids =
        engine
            .db()
            .read(c ->
                Sql.query(c, STALE_RUNNING_IDS, rs -> rs.getString(1), runningStaleMillis, BATCH));
    int n = 0;
    for (String id : ids) {
      if (engine.db().txRetrying(3, c -> recoverRunning(c, id))) {
        n++;
      }
    }
    return n;
  }

  private boolean recoverRunning(java.sql.Connection c, String id) throws SQLException {
    record Row(
        int retryCount,
        @Nullable String policy,
        @Nullable String wf,
        @Nullable Integer node,
        @Nullable Instant goodUntil,
        String queue,
        @Nullable String owner,
        @Nullable Instant startedAt) {}
    Optional<Row> row =
        Sql.one(
            c,
            LOCK_STALE,
            rs ->
                new Row(
                    rs.getInt(1),
                    rs.getString(2),
                    rs.getString(3),
                    Sql.intOrNull(rs, "node_index"),
                    Sql.instant(rs, "good_until"),
                    rs.getString(6),
                    rs.getString(7),
                    Sql.instant(rs, "started_at")),
            id,
            runningStaleMillis);
    if (row.isEmpty()) {
      return false;
    }
    Row r = row.get();
    Duration delay =
        Retries.delay(
            c,
            RetryPolicyJson.read(r.policy()),
            r.retryCount(),
            BuiltInCode.WORKER_CRASHED,
            r.goodUntil(),
            r.wf());
    String message =
        "worker " + r.owner() + " stopped heartbeating while running task '" + id + "'";
    Sql.update(
        c, ATTEMPT, id, r.retryCount() + 1, delay != null, r.startedAt(), message, r.owner());
    if (delay != null) {
      Retries.schedule(c, id, delay);
      log.warn("{}; retrying", message);
      return true;
    }
    TaskResult<Object> crashed = Outcomes.builtIn(BuiltInCode.WORKER_CRASHED, message);
    log.warn("{}; failing it with WORKER_CRASHED", message);
    return TaskExecution.finishRow(
        engine,
        c,
        id,
        "RUNNING",
        "FAILED",
        crashed,
        TaskResultJson.write(crashed),
        r.wf(),
        r.node(),
        r.queue(),
        null);
  }

  int expire() throws SQLException {
    List<String> ids =
        engine.db().read(c -> Sql.query(c, EXPIRED_IDS, rs -> rs.getString(1), BATCH));
    int n = 0;
    for (String id : ids) {
      boolean done =
          engine
              .db()
              .txRetrying(
                  3,
                  c -> {
                    record Row(@Nullable String wf, @Nullable Integer node, String queue) {}
                    Optional<Row> row =
                        Sql.one(
                            c,
                            LOCK_EXPIRED,
                            rs ->
                                new Row(
                                    rs.getString(1),
                                    Sql.intOrNull(rs, "node_index"),
                                    rs.getString(3)),
                            id);
                    if (row.isEmpty()) {
                      return false;
                    }
                    TaskResult<Object> expired =
                        Outcomes.builtIn(
                            BuiltInCode.TASK_EXPIRED,
                            "goodUntil passed before task '" + id + "' started");
                    return TaskExecution.finishRow(
                        engine,
                        c,
                        id,
                        "PENDING",
                        "EXPIRED",
                        expired,
                        TaskResultJson.write(expired),
                        row.get().wf(),
                        row.get().node(),
                        row.get().queue(),
                        null);
                  });
      if (done) {
        n++;
      }
    }
    return n;
  }
}
