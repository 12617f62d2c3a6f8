package dev.gallop.internal.worker;

import dev.gallop.internal.db.Sql;
import dev.gallop.internal.workflow.HandOff;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One finalize transaction's local hand-off: up to {@code reserved} of the dependents it makes
 * ready, in queues this worker claims from and that have no cap, are claimed by this worker in that
 * same transaction (guarded by {@code status = 'PENDING'}, like any claim; in the queue's claim
 * order, and only from a queue where no older row is waiting), and dispatched here after the
 * commit. The reservation is taken from the worker's claim budget before the transaction and
 * settled after it, so that hand-offs and the claim loop together never hold more than the budget.
 * Used by one task thread only.
 */
final class LocalHandOff implements HandOff {
  private static final String CLAIM =
      """
      update gallop_tasks
         set status = 'CLAIMED', claimed_by = ?, claimed_at = now(),
             claim_expires_at = now() + ? * interval '1 millisecond',
             claimer_heartbeat_at = now(), updated_at = now()
       where id = any(?) and status = 'PENDING'
      returning id, task_name, queue_name, inputs, workflow_id, node_index, retry_count, enqueued_at
      """;
  private static final String OLDER_WAITING =
      """
      select 1 from gallop_tasks
       where status = 'PENDING' and queue_name = ? and enqueued_at <= now() and not (id = any(?))
       limit 1
      """;

  private final WorkerImpl worker;
  private final Set<String> queues;
  private final long leaseMillis;
  private final int reserved;
  private final List<ClaimedTask> claimed = new ArrayList<>();

  LocalHandOff(WorkerImpl worker, Set<String> queues, long leaseMillis, int reserved) {
    this.worker = worker;
    this.queues = queues;
    this.leaseMillis = leaseMillis;
    this.reserved = reserved;
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
    String[] offered = offers.stream().map(Offer::id).toArray(String[]::new);
    Map<String, Boolean> olderWaiting = new HashMap<>();
    List<String> wanted = new ArrayList<>();
    for (Offer o : offers) {
      if (claimed.size() + wanted.size() >= reserved) {
        break;
      }
      Boolean waiting = olderWaiting.get(o.queue());
      if (waiting == null) {
        waiting = Sql.one(c, OLDER_WAITING, rs -> true, o.queue(), (Object) offered).isPresent();
        olderWaiting.put(o.queue(), waiting);
      }
      if (!waiting) {
        wanted.add(o.id());
      }
    }
    if (wanted.isEmpty()) {
      return Set.of();
    }
    List<ClaimedTask> got =
        Sql.query(
            c, CLAIM, Claimer::row, worker.workerId(), leaseMillis, wanted.toArray(String[]::new));
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
