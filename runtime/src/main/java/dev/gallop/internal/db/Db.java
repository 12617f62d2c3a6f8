package dev.gallop.internal.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * Runs units of work on pooled connections. {@link #tx} is one transaction; {@link #txRetrying}
 * repeats a whole transaction on deadlocks and serialization failures (never on other errors), so
 * callers must keep their transaction bodies free of side effects outside the database.
 */
public final class Db {
  /** A unit of work on a connection. */
  @FunctionalInterface
  public interface Work<R> {
    R run(Connection c) throws SQLException;
  }

  private final DataSource dataSource;

  public Db(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Runs {@code work} in one transaction: commit on return, rollback on any exception. */
  public <R> R tx(Work<R> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        R r = work.run(c);
        c.commit();
        return r;
      } catch (Throwable t) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          t.addSuppressed(suppressed);
        }
        throw t;
      } finally {
        try {
          c.setAutoCommit(true);
        } catch (SQLException ignored) {
          // the pool discards broken connections
        }
      }
    }
  }

  /** Runs {@code work} with auto-commit (single statements and reads). */
  public <R> R read(Work<R> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    }
  }

  /**
   * Like {@link #tx} but retries the whole transaction up to {@code attempts} times on deadlock or
   * serialization failure, with short random backoff.
   */
  public <R> R txRetrying(int attempts, Work<R> work) throws SQLException {
    for (int i = 1; ; i++) {
      try {
        return tx(work);
      } catch (SQLException e) {
        String s = e.getSQLState();
        boolean conflict = "40P01".equals(s) || "40001".equals(s);
        if (!conflict || i >= attempts) {
          throw e;
        }
        sleepQuietly(Duration.ofMillis(5L * i + ThreadLocalRandom.current().nextInt(10)));
      }
    }
  }

  /** A call that may fail with a database error. */
  @FunctionalInterface
  public interface Call<R> {
    R call() throws SQLException;
  }

  /**
   * Runs {@code call}, repeating it up to {@code extraAttempts} more times when it fails with a
   * transient database error (200 ms, doubling, capped at 2 s). The last failure is rethrown.
   */
  public static <R> R retryTransient(int extraAttempts, Call<R> call) throws SQLException {
    long backoff = 200;
    for (int i = 0; ; i++) {
      try {
        return call.call();
      } catch (SQLException e) {
        if (i >= extraAttempts || !Transients.isTransient(e)) {
          throw e;
        }
        sleepQuietly(Duration.ofMillis(backoff));
        backoff = Math.min(backoff * 2, 2000);
      }
    }
  }

  static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
