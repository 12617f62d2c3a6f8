package dev.gallop.internal.worker;

import dev.gallop.internal.db.Sql;
import dev.gallop.internal.engine.Engine;
import dev.gallop.internal.engine.Notifications;
import dev.gallop.internal.engine.RetryPolicyJson;
import dev.gallop.task.ErrorCode;
import dev.gallop.task.TaskResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and finalizes of this worker's standalone tasks, combined into batches (storage.md §3,
 * permitted optimization (b)): concurrent requests share one transaction and one commit, while
 * every row stays guarded on its own ({@code status} and {@code claimed_by = this worker}), exactly
 * as in the one-task statements of {@link TaskExecution}. Rows are locked in id order. Workflow
 * tasks do not come here: their start and finalize take the workflow's lock.
 */
final class StandaloneBatches {
  private static final Logger log = LoggerFactory.getLogger(StandaloneBatches.class);
  private static final int MAX_BATCH = 100;

  static final String START_MANY =
      """
      update gallop_tasks t set status = 'RUNNING', started_at = now(), runner_heartbeat_at = now(),
             updated_at = now()
        from (select id from gallop_tasks
               where id = any(?) and status = 'CLAIMED' and claimed_by = ? and claim_expires_at > now()
                 and (good_until is null or good_until > now())
               order by id for update) s
       where t.id = s.id
      returning t.id, t.started_at
      """;
  private static final String LOCK_RUNNING_MANY =
      """
      select id, retry_count, good_until, retry_policy from gallop_tasks
       where id = any(?) and status = 'RUNNING' and claimed_by = ?
       order by id for update
      """;
  private static final String ATTEMPTS =
      """
      insert into gallop_task_attempts (task_id, attempt, outcome, will_retry, started_at, finished_at,
                                        error_code, error_message, worker_id)
      select u.id, u.attempt, u.outcome, u.will_retry, t.started_at, now(), u.code, u.message, ?
        from unnest(?::text[], ?::int[], ?::text[], ?::bool[], ?::text[], ?::text[])
             as u (id, attempt, outcome, will_retry, code, message)
        join gallop_tasks t on t.id = u.id
      on conflict (task_id, attempt) do update set outcome = excluded.outcome, will_retry = excluded.will_retry,
             finished_at = excluded.finished_at, error_code = excluded.error_code,
             error_message = excluded.error_message, worker_id = excluded.worker_id
      """;
  private static final String FINISH_MANY =
      """
      update gallop_tasks t set status = u.status, result = u.result, error_code = u.code,
             failed_reason = u.reason, completed_at = now(), runner_heartbeat_at = null, updated_at = now()
        from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) as u (id, status, result, code, reason)
       where t.id = u.id and t.status = 'RUNNING'
      """;

  /** A finished body to record. */
  record Finish(ClaimedTask task, TaskResult<?> result, String text) {}

  private final Engine engine;
  private final String workerId;
  private final Combiner<ClaimedTask, @Nullable Instant> starts;
  private final Combiner<Finish, Boolean> finishes;

  StandaloneBatches(Engine engine, String workerId) {
    this.engine = engine;
    this.workerId = workerId;
    this.starts =
        new Combiner<>(MAX_BATCH, batch -> engine.db().txRetrying(3, c -> startAll(c, batch)));
    this.finishes =
        new Combiner<>(MAX_BATCH, batch -> engine.db().txRetrying(5, c -> finishAll(c, batch)));
  }

  /**
   * CLAIMED → RUNNING if still owned with a valid lease and not expired.
   *
   * @return the start time, or null if it was not started (expired, lease or ownership lost)
   */
  @Nullable Instant start(ClaimedTask task) throws SQLException {
    return call(starts, task);
  }

  /**
   * Records an attempt and its outcome (a retry, or COMPLETED / FAILED).
   *
   * @return false if the row was no longer RUNNING under this worker (its result is dropped)
   */
  boolean finish(ClaimedTask task, TaskResult<?> result, String text) throws SQLException {
    return call(finishes, new Finish(task, result, text));
  }

  private static <Q, A> A call(Combiner<Q, A> combiner, Q request) throws SQLException {
    try {
      return combiner.submit(request);
    } catch (SQLException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new SQLException(e);
    }
  }

  private List<@Nullable Instant> startAll(Connection c, List<ClaimedTask> batch)
      throws SQLException {
    Map<String, Instant> started = new HashMap<>();
    Sql.query(
        c,
        START_MANY,
        rs -> started.put(rs.getString(1), Sql.instant(rs, "started_at")),
        ids(batch.stream().map(ClaimedTask::id).toList()),
        workerId);
    List<@Nullable Instant> out = new ArrayList<>(batch.size());
    batch.forEach(t -> out.add(started.get(t.id())));
    return out;
  }

  /**
   * Successes in one statement ({@link CompletedRows}); failures read their rows' retry policy
   * under lock first, then record attempts, retries and final outcomes set-based.
   */
  private List<Boolean> finishAll(Connection c, List<Finish> batch) throws SQLException {
    List<Finish> ok = batch.stream().filter(f -> f.result().isOk()).toList();
    List<Finish> failed = batch.stream().filter(f -> !f.result().isOk()).toList();
    Set<String> recorded = new HashSet<>();
    if (!ok.isEmpty()) {
      recorded.addAll(
          CompletedRows.complete(
              c,
              engine.config(),
              workerId,
              ok.stream().map(Finish::task).toList(),
              ok.stream().map(Finish::text).toList()));
    }
    if (!failed.isEmpty()) {
      recordFailures(c, failed, recorded);
    }
    List<Boolean> out = new ArrayList<>(batch.size());
    batch.forEach(f -> out.add(recorded.contains(f.task().id())));
    return out;
  }

  /** Failed attempts: each row's retry policy read under its lock, then a retry or FAILED. */
  private void recordFailures(Connection c, List<Finish> batch, Set<String> recorded)
      throws SQLException {
    Set<String> cappedQueues = new TreeSet<>();
    record Locked(int retryCount, @Nullable Instant goodUntil, @Nullable String policy) {}
    Map<String, Locked> rows = new HashMap<>();
    Sql.query(
        c,
        LOCK_RUNNING_MANY,
        rs ->
            rows.put(
                rs.getString(1),
                new Locked(rs.getInt(2), Sql.instant(rs, "good_until"), rs.getString(4))),
        ids(batch.stream().map(f -> f.task().id()).toList()),
        workerId);
    Columns attempts = new Columns(6);
    Columns finals = new Columns(5);
    Map<String, Duration> retries = new HashMap<>();
    for (Finish f : batch) {
      Locked l = rows.get(f.task().id());
      if (l == null) {
        log.info(
            "task {} is no longer RUNNING under this worker; its result is dropped", f.task().id());
        continue;
      }
      recorded.add(f.task().id());
      ErrorCode code = f.result().errValue().errorCode();
      String message = f.result().errValue().message();
      Duration delay =
          Retries.delay(
              c, RetryPolicyJson.read(l.policy()), l.retryCount(), code, l.goodUntil(), null);
      attempts.add(
          f.task().id(), l.retryCount() + 1, "FAILED", delay != null, code.name(), message);
      if (delay != null) {
        retries.put(f.task().id(), delay);
      } else {
        finals.add(f.task().id(), "FAILED", f.text(), code.name(), message);
        if (engine.config().capped(f.task().queue())) {
          cappedQueues.add(f.task().queue());
        }
      }
    }
    if (attempts.size() > 0) {
      Object[] p = new Object[7];
      p[0] = workerId;
      System.arraycopy(attempts.arrays(), 0, p, 1, 6);
      Sql.update(c, ATTEMPTS, p);
    }
    for (var e : retries.entrySet()) {
      Retries.schedule(c, e.getKey(), e.getValue());
    }
    if (finals.size() > 0) {
      int n = Sql.update(c, FINISH_MANY, finals.arrays());
      if (n != finals.size()) {
        throw new IllegalStateException(
            "finalized " + n + " of " + finals.size() + " rows locked by this transaction");
      }
      Notifications.tasksDone(c, List.of(finals.column(0)));
    }
    for (String q : cappedQueues) {
      Sql.notify(c, Notifications.TASK_NEW, q);
    }
  }

  private static String[] ids(List<String> ids) {
    String[] a = ids.toArray(String[]::new);
    Arrays.sort(a);
    return a;
  }

  /** Column-wise values for an {@code unnest} statement. */
  private static final class Columns {
    private final List<List<Object>> columns = new ArrayList<>();

    Columns(int n) {
      for (int i = 0; i < n; i++) {
        columns.add(new ArrayList<>());
      }
    }

    void add(@Nullable Object... row) {
      for (int i = 0; i < row.length; i++) {
        columns.get(i).add(row[i]);
      }
    }

    int size() {
      return columns.get(0).size();
    }

    String[] column(int i) {
      return columns.get(i).toArray(String[]::new);
    }

    /** Each column as a typed array (Integer[], Boolean[] or String[]). */
    Object[] arrays() {
      Object[] out = new Object[columns.size()];
      for (int i = 0; i < columns.size(); i++) {
        List<Object> col = columns.get(i);
        Object first = col.stream().filter(java.util.Objects::nonNull).findFirst().orElse("");
        out[i] =
            first instanceof Integer
                ? col.toArray(Integer[]::new)
                : first instanceof Boolean
                    ? col.toArray(Boolean[]::new)
                    : col.toArray(String[]::new);
      }
      return out;
    }
  }
}
