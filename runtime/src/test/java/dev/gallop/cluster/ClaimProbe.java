package dev.gallop.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures how long the claimed-but-unstarted rows of a killed worker stay claimed: from the kill
 * until no row is CLAIMED by that worker any more (the reaper has put them back in the queue, or
 * another worker holds them). It polls every 100 ms; it is a measurement, not synchronisation.
 */
final class ClaimProbe implements AutoCloseable {
  private static final String CLAIMED_BY =
      "select count(*) from gallop.gallop_tasks where status = 'CLAIMED' and claimed_by like ?";

  private final String url;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().unstarted(r));
  private final List<Long> samples = new CopyOnWriteArrayList<>();

  ClaimProbe(String url) {
    this.url = url;
  }

  /** Starts watching the claims of the worker process {@code pid}, killed just now. */
  void watch(long pid) {
    long killedAt = System.nanoTime();
    String owner = "%:" + pid + ":%";
    CompletableFuture<ScheduledFuture<?>> self = new CompletableFuture<>();
    boolean[] held = {false};
    self.complete(
        timer.scheduleWithFixedDelay(
            () -> {
              long n;
              try {
                n = claimedBy(owner);
              } catch (SQLException e) {
                return; // the database is restarting: try again on the next tick
              }
              if (n > 0) {
                held[0] = true;
              } else {
                if (held[0]) {
                  samples.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
                }
                self.join().cancel(false);
              }
            },
            0,
            100,
            TimeUnit.MILLISECONDS));
  }

  private long claimedBy(String owner) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement(CLAIMED_BY)) {
      ps.setString(1, owner);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Milliseconds from kill to claims released, one per kill that left claims behind. */
  List<Long> samples() {
    return List.copyOf(samples);
  }

  /** The {@code p}-th percentile of the samples (100 = the slowest), 0 when there are none. */
  long percentile(int p) {
    List<Long> sorted = new ArrayList<>(samples);
    if (sorted.isEmpty()) {
      return 0;
    }
    sorted.sort(null);
    return sorted.get(Math.min(sorted.size() - 1, (sorted.size() * p) / 100));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
