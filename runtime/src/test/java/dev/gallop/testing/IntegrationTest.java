package dev.gallop.testing;

import dev.gallop.Gallop;
import dev.gallop.internal.db.Db;
import dev.gallop.internal.db.Sql;
import dev.gallop.internal.worker.WorkerImpl;
import dev.gallop.worker.Worker;
import dev.gallop.worker.WorkerOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of database tests: a fresh database and engine per test, workers that are closed after it,
 * and raw SQL for assertions.
 */
public abstract class IntegrationTest {
  protected String url;
  protected Gallop gallop;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void setUpDatabase() {
    url = TestDatabase.get().freshDatabase();
    gallop = newEngine(b -> b);
  }

  /** Another engine on the same database (another "process"). */
  protected Gallop newEngine(UnaryOperator<Gallop.Builder> config) {
    Gallop g =
        config.apply(Gallop.builder().databaseUrl(url).ignoreEnvironment().poolSize(8)).build();
    closeables.add(g);
    return g;
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
    TestDatabase.get().drop(url);
  }

  /** Fast settings for tests: 1 s polls and heartbeats, short thresholds. */
  public static WorkerOptions.Builder fastWorker() {
    return WorkerOptions.builder()
        .concurrency(4)
        .notifyPollInterval(Duration.ofSeconds(1))
        .claimerHeartbeatInterval(Duration.ofSeconds(1))
        .runnerHeartbeatInterval(Duration.ofSeconds(1))
        .claimLease(Duration.ofSeconds(5))
        .maxClaimRenewAge(Duration.ofSeconds(60))
        .claimedStaleThreshold(Duration.ofSeconds(4))
        .runningStaleThreshold(Duration.ofSeconds(4))
        .recoveryCheckInterval(Duration.ofSeconds(1))
        .shutdownDrain(Duration.ofSeconds(10));
  }

  protected WorkerImpl startWorker() {
    return startWorker(gallop, fastWorker().build());
  }

  protected WorkerImpl startWorker(WorkerOptions options) {
    return startWorker(gallop, options);
  }

  protected WorkerImpl startWorker(Gallop engine, WorkerOptions options) {
    Worker w = engine.worker(options);
    closeables.add(w);
    w.start();
    return (WorkerImpl) w;
  }

  /** A single long value from SQL. */
  protected long sqlLong(String sql, Object... params) {
    return onDatabase(c -> Sql.one(c, sql, rs -> rs.getLong(1), params).orElseThrow());
  }

  /** A single string value from SQL (null if no row). */
  protected String sqlString(String sql, Object... params) {
    return onDatabase(c -> Sql.one(c, sql, rs -> rs.getString(1), params).orElse(null));
  }

  protected int sqlUpdate(String sql, Object... params) {
    return onDatabase(c -> Sql.update(c, sql, params));
  }

  /** Runs raw SQL in the test database's gallop schema, on a connection of its own. */
  private <R> R onDatabase(Db.Work<R> work) {
    try (Connection c = DriverManager.getConnection(url)) {
      c.setSchema("gallop");
      return work.run(c);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  protected void sqlExec(String sql) {
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      c.setSchema("gallop");
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
