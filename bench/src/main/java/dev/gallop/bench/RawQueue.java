package dev.gallop.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The physical ceiling of a durable PostgreSQL queue on this machine: a minimal hand-written JDBC
 * queue. N no-op jobs are inserted in one statement; then K threads loop over "claim n with one
 * {@code UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED LIMIT n) RETURNING}" and "mark
 * done", each its own committed transaction.
 */
final class RawQueue {
  static final int THREADS = 8;

  private RawQueue() {}

  static Map<String, Double> run(String url, int jobs, int n) throws Exception {
    Bench.exec(
        url,
        "create table jobs (id bigserial primary key, payload text not null, status smallint not null default 0)",
        "create index jobs_pending on jobs (id) where status = 0");
    return measure(
        url,
        jobs,
        () -> {
          Bench.exec(
              url, "insert into jobs (payload) select '{}' from generate_series(1, " + jobs + ")");
          Bench.exec(url, "vacuum analyze jobs");
        },
        c -> drain(c, n));
  }

  /** What enqueues the jobs. */
  @FunctionalInterface
  interface Enqueue {
    void run() throws Exception;
  }

  /** One thread's drain loop on its own connection; returns the jobs it finished. */
  @FunctionalInterface
  interface Drain {
    int run(Connection c) throws Exception;
  }

  /**
   * Enqueues {@code jobs} (after a checkpoint), then drains them with {@link #THREADS} threads,
   * each on its own connection; reports rates and CPU as every throughput workload does.
   */
  static Map<String, Double> measure(String url, int jobs, Enqueue enqueue, Drain drain)
      throws Exception {
    Bench.checkpoint(url);
    Proc.Cpu beforeSend = Proc.Cpu.now();
    long t0 = System.nanoTime();
    enqueue.run();
    double enqueueSeconds = (System.nanoTime() - t0) / 1e9;
    double enqueueCpu = Proc.Cpu.now().millisSince(beforeSend) / jobs;
    Proc.Cpu before = Proc.Cpu.now();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<Integer>> done = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      done.add(
          pool.submit(() -> {
            try (Connection c = DriverManager.getConnection(url)) {
              return drain.run(c);
            }
          }));
    }
    int total = 0;
    for (Future<Integer> f : done) {
      total += f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Proc.Cpu after = Proc.Cpu.now();
    pool.shutdown();
    if (total != jobs) {
      throw new IllegalStateException("drained " + total + " of " + jobs);
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("enqueue rows/s", jobs / enqueueSeconds);
    m.put("enqueue CPU ms/job", enqueueCpu);
    m.put("jobs/s", jobs / seconds);
    m.put("CPU ms/job", after.millisSince(before) / jobs);
    m.put("of which PostgreSQL", after.pgMillisSince(before) / jobs);
    m.put("of which JIT compilation", after.jitMillisSince(before) / jobs);
    return m;
  }

  private static int drain(Connection c, int n) throws Exception {
    int count = 0;
    try (PreparedStatement claim =
            c.prepareStatement(
                """
                update jobs set status = 1 where id in (
                  select id from jobs where status = 0 order by id limit ? for update skip locked)
                returning id
                """);
        PreparedStatement finish =
            c.prepareStatement("update jobs set status = 2 where id = any(?)")) {
      while (true) {
        claim.setInt(1, n);
        List<Long> ids = new ArrayList<>(n);
        try (ResultSet rs = claim.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getLong(1));
          }
        }
        if (ids.isEmpty()) {
          return count;
        }
        finish.setArray(1, c.createArrayOf("int8", ids.toArray()));
        finish.executeUpdate();
        count += ids.size();
      }
    }
  }
}
