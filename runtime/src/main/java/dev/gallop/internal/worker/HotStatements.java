package dev.gallop.internal.worker;

/**
 * The texts of the worker's two hot statements for standalone tasks, so that the benchmark can run
 * them without the worker around them and measure what PostgreSQL alone needs for them (the floor
 * under Gallop's throughput on given hardware). Not API.
 */
public final class HotStatements {
  private HotStatements() {}

  /**
   * The claim of up to {@code n} due rows of one queue. Parameters: the worker id, the lease in
   * milliseconds, whether the claim starts standalone rows (boolean), the queue name. Returns the
   * claimed rows.
   *
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static String claim(int n) {
    return Claimer.claimSql(n);
  }

  /**
   * The completion of successful rows in one statement (status, result, and the done notification;
   * the successful attempt is recorded by the row itself). Parameters: the ids (text array), their
   * result texts (text array, same order), the worker id. Returns the ids completed.
   *
   * @param notify whether it notifies the done channel, as the worker's always does
   */
  public static String completeMany(boolean notify) {
    return CompletedRows.completeMany(notify);
  }
}
