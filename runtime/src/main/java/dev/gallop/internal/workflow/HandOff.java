package dev.gallop.internal.workflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * Local hand-off (storage.md §3 (c)): a finishing worker claims, in the same transaction, the
 * dependents it has just made ready, instead of letting them wait for a notification and a claim of
 * their own. The worker counts them against its local budget, takes only uncapped queues, and keeps
 * each queue's claim order ({@code priority, enqueued_at, id}): it takes nothing from a queue in
 * which an older row is already waiting.
 */
public interface HandOff {
  /**
   * Offers the PENDING task rows just inserted for ready nodes (same order in all arrays).
   *
   * @return the ids this worker claimed on {@code c} (no notification is needed for them)
   */
  Set<String> claim(Connection c, String[] taskIds, String[] queues, int[] priorities)
      throws SQLException;
}
