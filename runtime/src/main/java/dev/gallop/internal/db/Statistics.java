package dev.gallop.internal.db;

import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the planner's statistics of a table right after a bulk insert made them stale, as
 * PostgreSQL's documentation advises after bulk loads, instead of waiting for autovacuum (which
 * analyzes once a tenth of the table has changed, and at most once a minute).
 *
 * <p>Why it matters: the engine's statements are server-prepared and run with cached generic plans.
 * Planned against a table whose statistics still say "empty", {@code workflow_id = ? and node_index
 * = any(?)} chooses the {@code (workflow_id, node_id)} index and filters every node of the workflow
 * (3 ms per statement on a 10,000-node workflow) instead of probing the primary key (0.1 ms). An
 * {@code ANALYZE} invalidates the cached plans of every connection, so they are planned again with
 * the real numbers.
 */
public final class Statistics {
  private static final Logger log = LoggerFactory.getLogger(Statistics.class);

  /** Inserts smaller than this never trigger an {@code ANALYZE}. */
  public static final int BULK_ROWS = 1_000;

  private static final String ESTIMATE =
      "select reltuples from pg_class where oid = to_regclass(?)";

  private Statistics() {}

  /**
   * Analyzes {@code table} (of the connection's schema) if {@code inserted} rows were just
   * committed, at least {@link #BULK_ROWS}, and more than a quarter of what the statistics know (a
   * table never analyzed counts as empty). Failures are logged, never thrown: the insert has
   * committed and stale statistics only cost speed.
   */
  public static void afterBulkInsert(Db db, String table, int inserted) {
    if (inserted < BULK_ROWS) {
      return;
    }
    try {
      db.read(c -> {
        Optional<Double> known = Sql.one(c, ESTIMATE, rs -> rs.getDouble(1), table);
        if (known.isPresent() && inserted > Math.max(0, known.get()) / 4) {
          Sql.execute(c, "analyze " + table); // a constant identifier, never user input
        }
        return null;
      });
    } catch (SQLException | RuntimeException e) {
      log.debug("analyzing {} after a bulk insert failed: {}", table, e.toString());
    }
  }
}
