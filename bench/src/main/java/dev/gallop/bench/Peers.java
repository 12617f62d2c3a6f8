package dev.gallop.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;

/**
 * The Java peers on the same database and workload: n no-op jobs enqueued in batches before the
 * workers start, then drained by {@link Bench#IN_FLIGHT} worker threads. Both get a Hikari pool of
 * 10, as Gallop does.
 */
final class Peers {
  private Peers() {}

  private static HikariDataSource pool(String url) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    hc.setMaximumPoolSize(10);
    return new HikariDataSource(hc);
  }

  /** db-scheduler 16: lock-and-fetch polling every 100 ms plus immediate execution. */
  static Map<String, Double> dbScheduler(String url, int n) throws Exception {
    Bench.exec(
        url,
        """
        create table scheduled_tasks (task_name text not null, task_instance text not null, task_data bytea,
          execution_time timestamp with time zone not null, picked boolean not null, picked_by text,
          last_success timestamp with time zone, last_failure timestamp with time zone, consecutive_failures int,
          last_heartbeat timestamp with time zone, version bigint not null, priority smallint, state text,
          primary key (task_name, task_instance))
        """,
        "create index execution_time_idx on scheduled_tasks (execution_time)",
        "create index last_heartbeat_idx on scheduled_tasks (last_heartbeat)",
        "create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc)");
    try (HikariDataSource ds = pool(url)) {
      // a no-op that notes when it ran: the drain ends when the last one has (db-scheduler deletes
      // the row after the handler returns, about a millisecond later, which this leaves out)
      AtomicLong lastRun = new AtomicLong();
      OneTimeTask<Void> noop =
          Tasks.oneTime("noop").execute((inst, ctx) -> lastRun.set(System.nanoTime()));
      // warm-up: a scheduler of its own drains Bench.WARM_UP jobs (class loading, JIT), then stops
      Scheduler warm = dbScheduler(ds, noop);
      warm.scheduleBatch(
          IntStream.range(0, Bench.WARM_UP)
              .<TaskInstance<?>>mapToObj(i -> noop.instance("w" + i))
              .toList(),
          Instant.now());
      warm.start();
      Bench.awaitCount(
          url,
          "select " + Bench.WARM_UP + " - count(*) from scheduled_tasks",
          Bench.WARM_UP,
          600_000);
      warm.stop();
      Bench.exec(url, "vacuum analyze scheduled_tasks"); // as Gallop's table before its drain
      Scheduler s = dbScheduler(ds, noop);
      Bench.checkpoint(url);
      Proc.Cpu beforeSend = Proc.Cpu.now();
      long t0 = System.nanoTime();
      List<TaskInstance<?>> all =
          IntStream.range(0, n).<TaskInstance<?>>mapToObj(i -> noop.instance("j" + i)).toList();
      for (int from = 0; from < n; from += 1_000) {
        s.scheduleBatch(all.subList(from, Math.min(n, from + 1_000)), Instant.now());
      }
      double enqueueSeconds = (System.nanoTime() - t0) / 1e9;
      Proc.Cpu before = Proc.Cpu.now();
      long start = System.nanoTime();
      s.start();
      // one-time executions are deleted when they complete
      Bench.awaitCount(url, "select " + n + " - count(*) from scheduled_tasks", n, 600_000);
      double polled = (System.nanoTime() - start) / 1e9;
      if (lastRun.get() <= start) {
        throw new IllegalStateException("db-scheduler's drain ran no handler");
      }
      double seconds = (lastRun.get() - start) / 1e9; // not when the polling noticed the end
      Proc.Cpu after = Proc.Cpu.now();
      s.stop();
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("enqueue rows/s", n / enqueueSeconds);
      m.put("enqueue CPU ms/job", before.millisSince(beforeSend) / n);
      m.put("jobs/s", n / seconds);
      m.put("end polled late ms", (polled - seconds) * 1e3);
      m.put("CPU ms/job", after.millisSince(before) / n);
      m.put("of which PostgreSQL", after.pgMillisSince(before) / n);
      m.put("of which JIT compilation", after.jitMillisSince(before) / n);
      return m;
    }
  }

  private static Scheduler dbScheduler(HikariDataSource ds, OneTimeTask<Void> noop) {
    return Scheduler.create(ds, noop)
        .threads(Bench.IN_FLIGHT)
        .pollingInterval(Duration.ofMillis(100))
        .pollUsingLockAndFetch(0.5, 1.0)
        .enableImmediateExecution()
        .build();
  }

  /** A no-op JobRunr job. */
  public static final class NoopJob {
    public static void run(int i) {}
  }

  /** JobRunr 8 with PostgreSQL storage; its smallest poll interval is 5 s. */
  static Map<String, Double> jobRunr(String url, int n) throws Exception {
    try (HikariDataSource ds = pool(url)) {
      PostgresStorageProvider storage = new PostgresStorageProvider(ds);
      JobScheduler scheduler =
          JobRunr.configure()
              .useStorageProvider(storage)
              .useBackgroundJobServer(
                  BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                      .andWorkerCount(Bench.IN_FLIGHT)
                      .andPollInterval(Duration.ofSeconds(5)),
                  false)
              .initialize()
              .getJobScheduler();
      try {
        // warm-up: the server drains Bench.WARM_UP jobs (class loading, JIT), then stops
        scheduler.enqueue(IntStream.range(0, Bench.WARM_UP).boxed(), i -> NoopJob.run(i));
        JobRunr.getBackgroundJobServer().start();
        awaitSucceeded(storage, Bench.WARM_UP);
        JobRunr.getBackgroundJobServer().stop();
        Bench.checkpoint(url);
        Proc.Cpu beforeSend = Proc.Cpu.now();
        long t0 = System.nanoTime();
        scheduler.enqueue(IntStream.range(0, n).boxed(), i -> NoopJob.run(i));
        double enqueueSeconds = (System.nanoTime() - t0) / 1e9;
        Proc.Cpu before = Proc.Cpu.now();
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        JobRunr.getBackgroundJobServer().start();
        awaitSucceeded(storage, Bench.WARM_UP + n);
        double polled = (System.nanoTime() - start) / 1e9;
        // the last job's commit, not when the polling noticed it
        double seconds = Bench.secondsToLastCommit(url, "jobrunr_jobs", startedAt);
        Proc.Cpu after = Proc.Cpu.now();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("enqueue rows/s", n / enqueueSeconds);
        m.put("enqueue CPU ms/job", before.millisSince(beforeSend) / n);
        m.put("jobs/s", n / seconds);
        m.put("end polled late ms", (polled - seconds) * 1e3);
        m.put("CPU ms/job", after.millisSince(before) / n);
        m.put("of which PostgreSQL", after.pgMillisSince(before) / n);
        m.put("of which JIT compilation", after.jitMillisSince(before) / n);
        return m;
      } finally {
        JobRunr.getBackgroundJobServer().stop();
        JobRunr.destroy();
      }
    }
  }

  /** Polls JobRunr's statistics every 200 ms until {@code n} jobs succeeded; a measurement loop. */
  private static void awaitSucceeded(PostgresStorageProvider storage, long n) throws Exception {
    long end = System.currentTimeMillis() + 600_000;
    while (storage.getJobStats().getSucceeded() < n) {
      if (System.currentTimeMillis() > end) {
        throw new IllegalStateException("JobRunr did not drain in time");
      }
      Thread.sleep(200);
    }
  }
}
