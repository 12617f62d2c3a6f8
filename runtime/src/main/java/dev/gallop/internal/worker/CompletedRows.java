package dev.gallop.internal.worker;

import dev.gallop.internal.db.Sql;
import dev.gallop.internal.engine.EngineConfig;
import dev.gallop.internal.engine.Notifications;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records successful attempts of several task rows in one statement: each row still {@code RUNNING}
 * under this worker becomes {@code COMPLETED} with its result, and its completion is notified to
 * whoever waits for it. The successful attempt is recorded by the row itself (migration V6: the
 * view {@code gallop_attempts} reads it from the row's retry count, start and completion times and
 * owner), so no attempt row is written. A success never retries, so nothing needs to be read before
 * the guarded update; failures go through the paths that read the retry policy first. Used by the
 * standalone and the workflow batches.
 */
final class CompletedRows {
  static final String COMPLETE_MANY = completeMany(true);

  /**
   * The completion statement; without its notification only for the benchmark's floor, which
   * measures what the notification costs.
   */
  static String completeMany(boolean notify) {
    return """
    with done as (
      update gallop_tasks t
         set status = 'COMPLETED', result = u.result, error_code = null, failed_reason = null,
             completed_at = now(), runner_heartbeat_at = null, updated_at = now()
        from unnest(?::text[], ?::text[]) as u (id, result)
       where t.id = u.id and t.status = 'RUNNING' and t.claimed_by = ?
      returning t.id, t.waited
    )%s
    select id from done%s
    """
        .formatted(
            notify
                ? ", notified as (select count(*) from (" + Notifications.tasksDone("done") + ") n)"
                : "",
            notify ? ", notified" : "");
  }

  private static final Logger log = LoggerFactory.getLogger(CompletedRows.class);

  private CompletedRows() {}

  /**
   * Completes {@code tasks} with their result texts ({@code results}, same order), and wakes the
   * claimers of capped queues that got room. A row that is no longer RUNNING under {@code workerId}
   * is left alone, and its result dropped (logged).
   *
   * @return the ids of the rows now COMPLETED
   */
  static Set<String> complete(
      Connection c,
      EngineConfig config,
      String workerId,
      List<ClaimedTask> tasks,
      List<String> results)
      throws SQLException {
    // sorted for a stable statement; the lock order does not matter here: the rows are RUNNING
    // under this worker, which no other batch, claim or cancel locks (heartbeats and the reaper
    // skip locked rows)
    Map<String, String> byId = new TreeMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      byId.put(tasks.get(i).id(), results.get(i));
    }
    Set<String> done =
        new HashSet<>(
            Sql.query(
                c,
                COMPLETE_MANY,
                rs -> rs.getString(1),
                byId.keySet().toArray(String[]::new),
                byId.values().toArray(String[]::new),
                workerId));
    Set<String> cappedQueues = new TreeSet<>();
    for (ClaimedTask t : tasks) {
      if (!done.contains(t.id())) {
        log.info("task {} is no longer RUNNING under this worker; its result is dropped", t.id());
      } else if (config.capped(t.queue())) {
        cappedQueues.add(t.queue());
      }
    }
    for (String q : cappedQueues) {
      Sql.notify(c, Notifications.TASK_NEW, q);
    }
    return done;
  }
}
