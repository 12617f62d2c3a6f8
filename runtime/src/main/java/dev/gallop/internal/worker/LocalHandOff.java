package dev.gallop.internal.worker;

import dev.gallop.internal.db.Sql;
import dev.gallop.internal.workflow.HandOff;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One finalize transaction's local hand-off: up to {@code reserved} of the dependents it makes
 * ready, in queues this worker claims from and that have no cap, are claimed by this worker in that
 * same transaction (guarded by {@code status = 'PENDING'}, like any claim; in the queue's claim
 * order, and only from a queue where no older row is waiting), started there too when the worker
 * has no prefetch buffer (RUNNING with their nodes, see the constructor), and dispatched after the
 * commit. The reservation is taken from the worker's claim budget before the transaction and
 * settled after it, so that hand-offs and the claim loop together never hold more than the budget.
 * Used by one task thread only.
 */
final class LocalHandOff implements HandOff {
  /**
   * Claims the wanted rows of the queues where no older row is waiting (the queue's claim order
   * comes first). Older means enqueued before this transaction began: the rows this transaction
   * enqueued all carry its {@code now()}. The check runs once per queue, not once per wanted row:
   * done per row and excluding this transaction's rows by an id array, it compared every waiting
   * row with every new one, for every wanted row (seconds after a fan-out of 2,000 nodes).
   */
  private static final String CLAIM =
      """
      with open_queues as materialized (
        select u.q from unnest(?::text[]) as u (q)
         where not exists (select 1 from gallop_tasks o
                            where o.status = 'PENDING' and o.queue_name = u.q and o.enqueued_at < now())
      ), claimed as (
      update gallop_tasks t
         set status = case when s.start then 'RUNNING' else 'CLAIMED' end,
             started_at = case when s.start then now() else t.started_at end,
             runner_heartbeat_at = case when s.start then now() end,
             claimed_by = ?, claimed_at = now(), claim_expires_at = now() + ? * interval '1 millisecond',
             claimer_heartbeat_at = now(), updated_at = now()
        from (select ?::boolean as start) s
       where t.id = any(?) and t.status = 'PENDING' and t.queue_name in (select q from open_queues)
      returning t.id, t.task_name, t.queue_name, t.inputs, t.workflow_id, t.node_index, t.retry_count,
                t.enqueued_at, case when t.status = 'RUNNING' then t.started_at end as started_at
      ), started_nodes as ( -- the nodes of the rows this claim started start with them
      update gallop_workflow_nodes n set status = 'RUNNING', started_at = coalesce(n.started_at, now())
        from claimed c
       where c.started_at is not null and n.workflow_id = c.workflow_id and n.node_index = c.node_index
         and n.status in ('ENQUEUED', 'RUNNING')
      )
      select * from claimed
      """;

  private final WorkerImpl worker;
  private final Set<String> queues;
  private final long leaseMillis;
  private final int reserved;
  private final boolean start;
  private final List<ClaimedTask> claimed = new ArrayList<>();

  /**
   * @param start whether the claimed rows also start here (RUNNING, with their nodes), as the claim
   *     loop's claims do when every claim gets a slot at once: this transaction holds their
   *     workflow's lock and found it RUNNING, which is what a start transaction checks
   */
  LocalHandOff(
      WorkerImpl worker, Set<String> queues, long leaseMillis, int reserved, boolean start) {
    this.worker = worker;
    this.queues = queues;
    this.leaseMillis = leaseMillis;
    this.reserved = reserved;
    this.start = start;
  }

  @Override
  public Set<String> claim(Connection c, String[] taskIds, String[] taskQueues, int[] priorities)
      throws SQLException {
    record Offer(String id, String queue, int priority) {}
    List<Offer> offers = new ArrayList<>();
    for (int i = 0; i < taskIds.length; i++) {
      if (queues.contains(taskQueues[i])) {
        offers.add(new Offer(taskIds[i], taskQueues[i], priorities[i]));
      }
    }
    // the queue's claim order: priority, then id (the rows share this transaction's enqueued_at)
    offers.sort(Comparator.comparingInt(Offer::priority).thenComparing(Offer::id));
    List<Offer> wanted = offers.stream().limit(Math.max(0, reserved - claimed.size())).toList();
    if (wanted.isEmpty()) {
      return Set.of();
    }
    List<ClaimedTask> got =
        Sql.query(
            c,
            CLAIM,
            Claimer::row,
            wanted.stream().map(Offer::queue).distinct().sorted().toArray(String[]::new),
            worker.workerId(),
            leaseMillis,
            start,
            wanted.stream().map(Offer::id).toArray(String[]::new));
    claimed.addAll(got);
    Set<String> ids = new HashSet<>();
    got.forEach(t -> ids.add(t.id()));
    return ids;
  }

  /** Forgets the claims of a transaction attempt that did not commit. */
  void reset() {
    claimed.clear();
  }

  int reserved() {
    return reserved;
  }

  /** The rows claimed by the committed transaction. */
  List<ClaimedTask> claimed() {
    return List.copyOf(claimed);
  }
}
