package dev.gallop.internal.worker;

import dev.gallop.Queue;
import dev.gallop.internal.db.Db;
import dev.gallop.internal.db.Sql;
import dev.gallop.internal.engine.EngineConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Claims due rows with {@code FOR UPDATE SKIP LOCKED}. An uncapped queue is claimed with one
 * statement and no lock; a capped queue takes its advisory lock in a statement of its own, then
 * counts active rows and claims the headroom, so the count sees every claim committed before the
 * lock was granted.
 */
final class Claimer {
  /**
   * The claim. With its {@code start} parameter true, standalone rows go straight to RUNNING,
   * started by the claim itself (the worker claims no more than its free slots, so each body starts
   * at once); workflow rows are CLAIMED and start under their workflow's lock.
   *
   * <p>The row count is a literal ({@link #claimSql}), not a parameter: PostgreSQL estimates a
   * parameter's {@code LIMIT} at a tenth of the table, which made every claim's generic plan look
   * dearer than a custom one, so that each claim was planned anew (0.8 ms of planning per claim,
   * pg_stat_statements); with a literal, each count's statement settles on its cached plan.
   */
  private static final String CLAIM =
      """
      update gallop_tasks t
         set status = case when s.start and t.workflow_id is null then 'RUNNING' else 'CLAIMED' end,
             started_at = case when s.start and t.workflow_id is null then now() else t.started_at end,
             runner_heartbeat_at = case when s.start and t.workflow_id is null then now() end,
             claimed_by = ?, claimed_at = now(), claim_expires_at = now() + ? * interval '1 millisecond',
             claimer_heartbeat_at = now(), updated_at = now()
        from (select ?::boolean as start) s
       where t.id in (
             select c.id from gallop_tasks c
              where c.status = 'PENDING' and c.queue_name = ? and c.enqueued_at <= now()
                and (c.good_until is null or c.good_until > now())
                and (c.workflow_id is null
                     or exists (select 1 from gallop_workflows w where w.id = c.workflow_id and w.status = 'RUNNING'))
              order by c.priority, c.enqueued_at, c.id
              limit %d
              for update skip locked)
      returning t.id, t.task_name, t.queue_name, t.inputs, t.workflow_id, t.node_index, t.retry_count, t.enqueued_at,
                case when t.status = 'RUNNING' then t.started_at end as started_at
      """;

  /** {@link #CLAIM} texts by row count, made on first use. */
  private static final AtomicReferenceArray<String> CLAIM_TEXTS = new AtomicReferenceArray<>(257);

  private static final String LOCK = "select pg_advisory_xact_lock(hashtext(?))";
  private static final String COUNT_QUEUE =
      """
      select count(*) from gallop_tasks
       where queue_name = ? and (status = 'RUNNING' or (status = 'CLAIMED' and claim_expires_at > now()))
      """;
  private static final String COUNT_ALL =
      """
      select count(*) from gallop_tasks
       where status = 'RUNNING' or (status = 'CLAIMED' and claim_expires_at > now())
      """;
  private static final String NEXT_DUE =
      """
      select extract(epoch from (min(enqueued_at) - now())) * 1000 from gallop_tasks
       where status = 'PENDING' and enqueued_at > now() and queue_name = any(?)
      """;

  private final Db db;
  private final EngineConfig config;
  private final String workerId;
  private final long leaseMillis;
  private final boolean start;

  /**
   * @param start whether standalone rows are started by their claim (only when every claim gets a
   *     slot at once: no prefetch beyond {@code concurrency})
   */
  Claimer(Db db, EngineConfig config, String workerId, long leaseMillis, boolean start) {
    this.db = db;
    this.config = config;
    this.workerId = workerId;
    this.leaseMillis = leaseMillis;
    this.start = start;
  }

  /** Claims up to {@code n} due rows of one queue. */
  List<ClaimedTask> claim(Queue queue, int n) throws SQLException {
    if (!config.capped(queue.name())) {
      return db.read(c -> claimStatement(c, queue.name(), n));
    }
    return db.tx(c -> {
      int room = n;
      if (config.clusterWideCap() != null) {
        Sql.execute(c, LOCK, "gallop_cap:*");
        long all = count(c, COUNT_ALL);
        room = (int) Math.min(room, config.clusterWideCap() - all);
      } else {
        Sql.execute(c, LOCK, "gallop_cap:" + queue.name());
      }
      if (queue.maxConcurrency() != null) {
        long active = count(c, COUNT_QUEUE, queue.name());
        room = (int) Math.min(room, queue.maxConcurrency() - active);
      }
      return room <= 0 ? List.of() : claimStatement(c, queue.name(), room);
    });
  }

  /** A row returned by a claim statement. */
  static ClaimedTask row(java.sql.ResultSet rs) throws SQLException {
    return new ClaimedTask(
        rs.getString("id"),
        rs.getString("task_name"),
        rs.getString("queue_name"),
        rs.getString("inputs"),
        rs.getString("workflow_id"),
        Sql.intOrNull(rs, "node_index"),
        rs.getInt("retry_count"),
        Sql.instant(rs, "enqueued_at"),
        Sql.instant(rs, "started_at"));
  }

  private List<ClaimedTask> claimStatement(Connection c, String queue, int n) throws SQLException {
    return Sql.query(c, claimSql(n), Claimer::row, workerId, leaseMillis, start, queue);
  }

  /** The claim of {@code n} rows, its text made once per count. */
  static String claimSql(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("a claim of " + n + " rows");
    }
    if (n >= CLAIM_TEXTS.length()) {
      return CLAIM.formatted(n);
    }
    String sql = CLAIM_TEXTS.get(n);
    if (sql == null) {
      sql = CLAIM.formatted(n);
      CLAIM_TEXTS.set(n, sql);
    }
    return sql;
  }

  private static long count(Connection c, String sql, Object... params) throws SQLException {
    return Sql.one(c, sql, rs -> rs.getLong(1), params).orElse(0L);
  }

  /** Milliseconds until the next not-yet-due row of these queues, if any. */
  Optional<Long> millisUntilNextDue(List<String> queues) throws SQLException {
    return db.read(c ->
        Sql.one(
            c,
            NEXT_DUE,
            rs -> {
              double v = rs.getDouble(1);
              return rs.wasNull() ? null : (long) Math.max(0, Math.ceil(v));
            },
            (Object) queues.toArray(String[]::new)));
  }
}
