package dev.gallop.bench;

import dev.gallop.internal.db.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs every workload against one embedded PostgreSQL 17 with durable commits ({@code fsync} and
 * {@code synchronous_commit} on), each repetition on a fresh database, and prints medians and
 * min–max. Usage: {@code Bench [--reps 3] [--tasks 20000] [--only raw,gallop,...] [--out file.md]}.
 */
public final class Bench {
  /** One workload: returns named measurements for one repetition on a fresh database. */
  interface Workload {
    Map<String, Double> run(String url, int tasks) throws Exception;
  }

  /**
   * Jobs in flight at once, the same for every system: Gallop's {@code concurrency}, db-scheduler's
   * and JobRunr's worker threads, and the raw queue's 8 threads x 10 rows; {@code
   * -Dbench.concurrency}, default 80. (Until 2026-12-02 the peers ran with 8 threads, so Gallop's
   * lead over them was partly its deeper pipeline.)
   */
  static final int IN_FLIGHT = Integer.getInteger("bench.concurrency", 80);

  /**
   * Jobs every throughput workload (Gallop, db-scheduler, JobRunr) runs before it measures, so that
   * class loading and JIT compilation (C2 used 40% of a worker's CPU in the first 20,000 tasks, and
   * still 0.09–0.15 ms per job over the next 20,000) are not counted as a per-job cost: {@code
   * -Dbench.warmUp}, default 30,000. Gallop's worker, a new process in each repetition while the
   * peers run in this JVM, repeats such rounds until its compilation settles (since 2026-12-03,
   * {@code GallopWorkloads.warmUpWorker}). What compilation remains is reported ("of which JIT
   * compilation").
   */
  static final int WARM_UP = Integer.getInteger("bench.warmUp", 30_000);

  private static final AtomicInteger DATABASES = new AtomicInteger();

  public static void main(String[] args) throws Exception {
    int reps = 3;
    int tasks = 20_000;
    Set<String> only = null;
    Path out = null;
    boolean statements = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--tasks" -> tasks = Integer.parseInt(args[++i]);
        case "--only" -> only = Set.of(args[++i].split(","));
        case "--out" -> out = Path.of(args[++i]);
        case "--statements" -> statements = true;
        default -> {
          System.err.println(
              "unknown argument '"
                  + args[i]
                  + "'; usage: Bench [--reps N]"
                  + " [--tasks N] [--only machine,raw1,raw10,gallop,floor,dbscheduler,jobrunr,chain,fanout,wide,waiters,processor]"
                  + " [--out file.md] [--statements]");
          System.exit(2);
        }
      }
    }
    Path dir = Files.createTempDirectory("gallop-bench");
    Map<String, Workload> all = new LinkedHashMap<>();
    all.put("machine", (url, n) -> Machine.probe(dir));
    all.put("raw1", (url, n) -> RawQueue.run(url, n, 1));
    all.put("raw10", (url, n) -> RawQueue.run(url, n, 10));
    all.put("gallop", GallopWorkloads::standalone);
    all.put("floor", GallopFloor::run);
    all.put("dbscheduler", Peers::dbScheduler);
    all.put("jobrunr", Peers::jobRunr);
    all.put(
        "chain",
        (url, n) -> GallopWorkloads.chain(url, Integer.getInteger("bench.chainLength", 200)));
    all.put("fanout", (url, n) -> GallopWorkloads.fanOut(url, 1_000));
    all.put("wide", (url, n) -> GallopWorkloads.wide(url, 10_000));
    all.put("waiters", (url, n) -> GallopWorkloads.waiters(url, 1_000));
    all.put("processor", (url, n) -> ProcessorBench.run());

    Map<String, Map<String, List<Double>>> results = new LinkedHashMap<>();
    long started = System.nanoTime();
    try (EmbeddedDatabase db = startWithCommitTimestamps(dir.resolve("pgdata"), statements)) {
      String settings = settings(db.jdbcUrl("postgres"));
      System.out.println("bench: " + settings);
      for (int r = 1; r <= reps; r++) {
        for (var w : all.entrySet()) {
          if (only != null && !only.contains(w.getKey())) {
            continue;
          }
          String url = freshDatabase(db);
          if (statements) {
            exec(url, "create extension pg_stat_statements", "select pg_stat_statements_reset()");
          }
          System.out.printf("bench: repetition %d/%d, %s ...%n", r, reps, w.getKey());
          Map<String, Double> m = w.getValue().run(url, tasks);
          if (statements) {
            printStatements(url);
          }
          m.forEach((k, v) ->
              results
                  .computeIfAbsent(w.getKey(), x -> new LinkedHashMap<>())
                  .computeIfAbsent(k, x -> new ArrayList<>())
                  .add(v));
          System.out.printf("bench:   %s%n", m);
          drop(db, url);
        }
      }
      String table = table(results, reps, tasks, settings, (System.nanoTime() - started) / 1e9);
      System.out.println();
      System.out.println(table);
      if (out != null) {
        Files.writeString(out, table);
        System.out.println("bench: table written to " + out);
      }
    }
  }

  private static String settings(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        var rs =
            st.executeQuery(
                "select version(), current_setting('fsync'), current_setting('synchronous_commit')")) {
      rs.next();
      return rs.getString(1).replaceAll(" on .*", "")
          + ", fsync="
          + rs.getString(2)
          + ", synchronous_commit="
          + rs.getString(3)
          + ", "
          + Runtime.getRuntime().availableProcessors()
          + " cores, JDK "
          + Runtime.version();
    }
  }

  /**
   * The durable embedded server with {@code track_commit_timestamp} on (a restart-only setting), so
   * that the chain workload can split a hop at the finalize transaction's commit.
   */
  private static EmbeddedDatabase startWithCommitTimestamps(Path dataDir, boolean statements)
      throws SQLException {
    EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0, true);
    try (Connection c = DriverManager.getConnection(db.jdbcUrl("postgres"));
        Statement st = c.createStatement()) {
      st.execute("alter system set track_commit_timestamp = on");
      String log = System.getProperty("bench.statementLog");
      if (log != null) { // every statement with its duration, to a directory (profiling aid)
        st.execute("alter system set logging_collector = on");
        st.execute("alter system set log_directory = '" + log.replace("'", "") + "'");
        st.execute("alter system set log_min_duration_statement = 0");
        st.execute("alter system set log_line_prefix = '%m [%p] %x '");
        st.execute("alter system set log_autovacuum_min_duration = 0");
        st.execute("alter system set log_checkpoints = on");
      }
      if (statements) {
        st.execute("alter system set shared_preload_libraries = 'pg_stat_statements'");
        st.execute("alter system set pg_stat_statements.track = 'all'");
        st.execute("alter system set pg_stat_statements.track_planning = on");
      }
    }
    db.close();
    return EmbeddedDatabase.start(dataDir, 0, true);
  }

  /**
   * With {@code --statements}: the workload's 12 costliest statements by total execution time and
   * its 6 most frequent ones (pg_stat_statements), to see where PostgreSQL's time goes; with how
   * often each was planned ({@code plans} equal to {@code calls} means a custom plan every time)
   * and what planning cost.
   */
  private static void printStatements(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        var rs =
            st.executeQuery(
                """
                with s as (select * from pg_stat_statements
                            where dbid = (select oid from pg_database where datname = current_database()))
                select calls, rows, round(total_exec_time::numeric, 1), round(mean_exec_time::numeric, 3),
                       plans, round(mean_plan_time::numeric, 3),
                       left(regexp_replace(query, '\\s+', ' ', 'g'), 160)
                  from s
                 where queryid in (select queryid from s order by total_exec_time desc limit 12)
                    or queryid in (select queryid from s order by calls desc limit 6)
                 order by total_exec_time desc
                """)) {
      System.out.println(
          "bench:   calls | rows | total ms | mean ms | plans | mean plan ms | statement");
      while (rs.next()) {
        System.out.printf(
            "bench:   %d | %d | %s | %s | %d | %s | %s%n",
            rs.getLong(1),
            rs.getLong(2),
            rs.getString(3),
            rs.getString(4),
            rs.getLong(5),
            rs.getString(6),
            rs.getString(7));
      }
    }
  }

  private static String freshDatabase(EmbeddedDatabase db) throws SQLException {
    String name = "bench_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl("postgres"));
        Statement st = c.createStatement()) {
      st.execute("create database " + name);
    }
    return db.jdbcUrl(name);
  }

  private static void drop(EmbeddedDatabase db, String url) throws SQLException {
    String name = url.replaceAll(".*/([a-z_0-9]+).*", "$1");
    try (Connection c = DriverManager.getConnection(db.jdbcUrl("postgres"));
        Statement st = c.createStatement()) {
      st.execute("drop database if exists " + name + " with (force)");
    }
  }

  static String table(
      Map<String, Map<String, List<Double>>> results,
      int reps,
      int tasks,
      String settings,
      double seconds) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "Settings: %s; %d repetitions, %d tasks per throughput run; total %.0f s.%n%n",
            settings, reps, tasks, seconds));
    sb.append("| workload | metric | median | min | max |\n|---|---|---:|---:|---:|\n");
    results.forEach((w, metrics) ->
        metrics.forEach((m, values) -> {
          List<Double> v = new ArrayList<>(values);
          v.sort(null);
          sb.append(
              String.format(
                  "| %s | %s | %s | %s | %s |%n",
                  w, m, fmt(v.get(v.size() / 2)), fmt(v.get(0)), fmt(v.get(v.size() - 1))));
        }));
    return sb.toString();
  }

  private static String fmt(double d) {
    if (Double.isNaN(d)) {
      return "n/a";
    }
    return Math.abs(d) >= 100 ? String.format("%,.0f", d) : String.format("%.2f", d);
  }

  /**
   * A checkpoint before each system's measured enqueue and drain, so that none of them pays for a
   * checkpoint (full-page images of every page it then touches first) that another is spared.
   */
  static void checkpoint(String url) throws SQLException {
    exec(url, "checkpoint");
  }

  static void exec(String url, String... sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      for (String s : sql) {
        st.execute(s);
      }
    }
  }

  /**
   * Seconds from {@code start} to the commit of the last transaction that wrote a row of {@code
   * table} ({@code track_commit_timestamp} is on): a drain's exact end. The polling that detects
   * the end, every 200 ms, would add up to 200 ms to it (9% of a two-second drain) where the raw
   * queue and the floor time themselves in-process.
   */
  static double secondsToLastCommit(String url, String table, Instant start) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        var rs = st.executeQuery("select max(pg_xact_commit_timestamp(xmin)) from " + table)) {
      rs.next();
      Instant end = rs.getTimestamp(1).toInstant();
      if (!end.isAfter(start)) {
        throw new IllegalStateException(
            "a drain that ended (" + end + ") before it began (" + start + ")");
      }
      return Duration.between(start, end).toNanos() / 1e9;
    }
  }

  /** The {@code p}th percentile (nearest rank) of {@code values}, which must not be empty. */
  static double percentile(List<Double> values, int p) {
    List<Double> v = new ArrayList<>(values);
    v.sort(null);
    return v.get(Math.max(0, (int) Math.ceil(v.size() * p / 100.0) - 1));
  }

  static long count(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        var rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Waits, polling every 200 ms, until {@code sql} counts {@code target}; a measurement loop. */
  static void awaitCount(String url, String sql, long target, long timeoutMs) throws Exception {
    long end = System.currentTimeMillis() + timeoutMs;
    try (Connection c = DriverManager.getConnection(url);
        var ps = c.prepareStatement(sql)) {
      while (true) {
        try (var rs = ps.executeQuery()) {
          rs.next();
          if (rs.getLong(1) >= target) {
            return;
          }
        }
        if (System.currentTimeMillis() > end) {
          throw new IllegalStateException("timed out waiting for " + target + ": " + sql);
        }
        Thread.sleep(200);
      }
    }
  }

  private Bench() {}
}
