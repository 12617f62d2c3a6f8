package dev.gallop.internal.worker;

import dev.gallop.internal.db.Db;
import dev.gallop.internal.db.Sql;
import java.sql.SQLException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Deletes old terminal work in bounded batches: top-level terminal workflows (their nodes and
 * children cascade), terminal tasks not linked to a live workflow (their attempts cascade), and
 * worker rows not seen for 7 days. No tombstones are kept: a removed id is free again.
 */
final class Retention {
  private static final String WORKFLOWS =
      """
      delete from gallop_workflows where id in (
        select id from gallop_workflows
         where parent_workflow_id is null and status in ('COMPLETED', 'FAILED', 'CANCELLED')
           and completed_at < now() - ? * interval '1 millisecond' limit 500)
      """;
  private static final String TASKS =
      """
      delete from gallop_tasks where id in (
        select t.id from gallop_tasks t
         where t.status in ('COMPLETED', 'FAILED', 'CANCELLED', 'EXPIRED')
           and t.completed_at < now() - ? * interval '1 millisecond'
           and (t.workflow_id is null or not exists (
                select 1 from gallop_workflows w where w.id = t.workflow_id
                   and w.status not in ('COMPLETED', 'FAILED', 'CANCELLED')))
         limit 1000)
      """;
  private static final String WORKERS =
      """
      delete from gallop_workers where coalesce(stopped_at, last_seen_at) < now() - interval '7 days'
      """;

  private final Db db;
  private final @Nullable Duration terminal;

  Retention(Db db, @Nullable Duration terminal) {
    this.db = db;
    this.terminal = terminal;
  }

  int runOnce() throws SQLException {
    int n = db.read(c -> Sql.update(c, WORKERS));
    if (terminal == null) {
      return n;
    }
    long ms = terminal.toMillis();
    int w;
    do {
      w = db.read(c -> Sql.update(c, WORKFLOWS, ms));
      n += w;
    } while (w == 500);
    int t;
    do {
      t = db.read(c -> Sql.update(c, TASKS, ms));
      n += t;
    } while (t == 1000);
    return n;
  }
}
