package dev.gallop.internal.db;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Decides whether a database failure is transient: lost or refused connections, pool timeouts,
 * serialization failures (40001), deadlocks (40P01), admin shutdown (57P01..57P03), too many
 * connections (53300).
 */
public final class Transients {
  private static final Set<String> STATES =
      Set.of("40001", "40P01", "57P01", "57P02", "57P03", "53300", "55P03");

  private Transients() {}

  public static boolean isTransient(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLTransientException || c instanceof SQLRecoverableException) {
        return true;
      }
      if (c instanceof SQLException s) {
        String state = s.getSQLState();
        if (state != null && (state.startsWith("08") || STATES.contains(state))) {
          return true;
        }
      }
      if (c instanceof java.net.ConnectException || c instanceof java.io.EOFException) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }
}
