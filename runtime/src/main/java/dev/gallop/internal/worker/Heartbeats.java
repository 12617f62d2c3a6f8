package dev.gallop.internal.worker;

import dev.gallop.internal.db.Db;
import dev.gallop.internal.db.Sql;
import java.sql.SQLException;
import java.util.List;

/**
 * Claimer heartbeats renew the leases of this worker's CLAIMED rows (claims younger than
 * maxClaimRenewAge); runner heartbeats mark its RUNNING rows alive and find bodies whose workflow
 * was cancelled, so the cancellation signal arrives within one interval even if a notification was
 * lost. Rows locked by a start or a finalize in progress are skipped ({@code SKIP LOCKED}): they
 * need no heartbeat, and waiting for them could deadlock with a batch that locks several rows.
 */
final class Heartbeats {
  private static final String RENEW =
      """
      update gallop_tasks set claimer_heartbeat_at = now(), claim_expires_at = now() + ? * interval '1 millisecond'
       where id in (select id from gallop_tasks
                     where status = 'CLAIMED' and claimed_by = ? and claimed_at > now() - ? * interval '1 millisecond'
                     for update skip locked)
      """;
  private static final String RUNNING =
      """
      update gallop_tasks t set runner_heartbeat_at = now()
       where t.id in (select id from gallop_tasks where status = 'RUNNING' and claimed_by = ?
                      for update skip locked)
      returning t.id, (t.workflow_id is not null and exists (
             select 1 from gallop_workflows w where w.id = t.workflow_id and w.status = 'CANCELLED')) as cancelled
      """;
  private static final String SEEN = "update gallop_workers set last_seen_at = now() where id = ?";

  private final Db db;
  private final WorkerImpl worker;
  private final long leaseMillis;
  private final long renewAgeMillis;

  Heartbeats(Db db, WorkerImpl worker, long leaseMillis, long renewAgeMillis) {
    this.db = db;
    this.worker = worker;
    this.leaseMillis = leaseMillis;
    this.renewAgeMillis = renewAgeMillis;
  }

  int claimers() throws SQLException {
    return db.read(c -> Sql.update(c, RENEW, leaseMillis, worker.workerId(), renewAgeMillis));
  }

  int runners() throws SQLException {
    record Row(String id, boolean cancelled) {}
    List<Row> rows =
        db.read(c -> {
          Sql.update(c, SEEN, worker.workerId());
          return Sql.query(
              c, RUNNING, rs -> new Row(rs.getString(1), rs.getBoolean(2)), worker.workerId());
        });
    for (Row r : rows) {
      if (r.cancelled()) {
        worker.signalCancelTask(r.id());
      }
    }
    return rows.size();
  }
}
