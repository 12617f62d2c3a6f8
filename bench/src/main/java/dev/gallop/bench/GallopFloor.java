package dev.gallop.bench;

import dev.gallop.Gallop;
import dev.gallop.internal.json.TaskResultJson;
import dev.gallop.internal.worker.HotStatements;
import dev.gallop.task.TaskResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The floor under Gallop's standalone throughput on this machine: Gallop's own schema, enqueue
 * ({@code Task.sendAll}) and worker statements (the claim that starts, the completion that notifies
 * waiters), run by the raw queue's loop ({@link RawQueue#THREADS} threads, each claiming 10 rows
 * and completing them, each statement its own commit) with no worker around them: no dispatch, no
 * task threads, no JSON decoding, no combiners, no heartbeats. What PostgreSQL and JDBC alone need
 * for Gallop's statements, next to the raw queue's two-column ones.
 */
final class GallopFloor {
  /** Rows per claim (and completion): the raw queue's 10, or {@code -Dbench.floorBatch}. */
  private static final int BATCH = Integer.getInteger("bench.floorBatch", 10);

  private static final String WORKER_ID = "floor";

  /**
   * Whether the completion carries its notification query, as the worker's does. Nobody waits for
   * the floor's rows, so since migration V5 it notifies nothing either way; {@code
   * -Dbench.floorNotify=false} now measures only the query's own cost (before V5 every completion
   * batch sent a NOTIFY, and this flag measured what that cost).
   */
  private static final boolean NOTIFY =
      Boolean.parseBoolean(System.getProperty("bench.floorNotify", "true"));

  private GallopFloor() {}

  static Map<String, Double> run(String url, int jobs) throws Exception {
    try (Gallop g = Gallop.builder().databaseUrl(url).ignoreEnvironment().build()) {
      var noop = GallopWorkloads.noop(g);
      List<GallopWorkloads.Noop> inputs =
          IntStream.range(0, jobs).mapToObj(GallopWorkloads.Noop::new).toList();
      // the engine (its listener included) stays open, as a client's would
      return RawQueue.measure(url, jobs, () -> noop.sendAll(inputs), GallopFloor::drain);
    }
  }

  private static int drain(Connection c) throws Exception {
    try (var st = c.createStatement()) {
      st.execute("set search_path = gallop");
    }
    int count = 0;
    try (PreparedStatement claim = c.prepareStatement(HotStatements.claim(BATCH));
        PreparedStatement complete = c.prepareStatement(HotStatements.completeMany(NOTIFY))) {
      while (true) {
        claim.setString(1, WORKER_ID);
        claim.setLong(2, 300_000);
        claim.setBoolean(3, true);
        claim.setString(4, dev.gallop.Queue.DEFAULT);
        List<String> ids = new ArrayList<>(BATCH);
        List<String> results = new ArrayList<>(BATCH);
        try (ResultSet rs = claim.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString("id"));
            // the text the worker stores for a no-op's result
            results.add(TaskResultJson.write(TaskResult.ok(ids.size())));
          }
        }
        if (ids.isEmpty()) {
          return count;
        }
        complete.setArray(1, c.createArrayOf("text", ids.toArray()));
        complete.setArray(2, c.createArrayOf("text", results.toArray()));
        complete.setString(3, WORKER_ID);
        try (ResultSet rs = complete.executeQuery()) {
          while (rs.next()) {
            count++;
          }
        }
      }
    }
  }
}
