package dev.gallop.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gallop.Gallop;
import dev.gallop.GallopApplication;
import dev.gallop.task.RetryPolicy;
import dev.gallop.task.TaskResult;
import dev.gallop.testing.IntegrationTest;
import dev.gallop.worker.WorkerOptions;
import dev.gallop.workflow.TaskNode;
import dev.gallop.workflow.WorkflowDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The application the cluster test's worker processes run. Every body records its execution in a
 * side table in its own transaction, so the test can count how often each body ran.
 */
public final class ClusterApp implements GallopApplication {
  /** A unit of work: its key, and whether it fails on purpose. */
  public record Job(String key, boolean fail) {}

  static final String LEAF = "cluster.leaf.v1";
  private static volatile HikariDataSource sideTable;

  @Override
  public void register(Gallop g) {
    List<Duration> fiveTimes = Collections.nCopies(5, Duration.ofSeconds(1));
    // survives worker crashes: WORKER_CRASHED is retried
    var job =
        g.task("job", Job.class, String.class)
            .retryPolicy(RetryPolicy.fixed(fiveTimes, "WORKER_CRASHED").withJitter(false))
            .handler((in, ctx) -> run(in));
    // no policy: a crash fails it, and it must never run twice
    g.task("fragile", Job.class, String.class).handler((in, ctx) -> run(in));
    // fails its first attempt with a user code, which its policy retries (as it does crashes)
    g.task("flaky", Job.class, String.class)
        .retryPolicy(RetryPolicy.fixed(fiveTimes, "FLAKY", "WORKER_CRASHED").withJitter(false))
        .handler((in, ctx) -> {
          TaskResult<String> r = run(in);
          return ctx.attempt() == 1 ? TaskResult.err("FLAKY", "first attempt of " + in.key()) : r;
        });
    g.register(
        WorkflowDefinition.builder(LEAF, "leaf", Job.class, String.class)
            .sampleParameters(new Job("sample", false))
            .build((wf, p) -> {
              TaskNode<String> a =
                  TaskNode.of(job).inputs(new Job(p.key() + "/a", false)).nodeId("a").build();
              TaskNode<String> b =
                  TaskNode.of(job)
                      .inputs(new Job(p.key() + "/b", p.fail()))
                      .nodeId("b")
                      .waitsFor(a)
                      .build();
              return wf.workflow("leaf").nodes(a, b).output(b).build();
            }));
  }

  /** System property: the worker's prefetch buffer (default 4). */
  static final String PREFETCH = "cluster.prefetch";

  @Override
  public WorkerOptions.Builder configureWorker(WorkerOptions.Builder b) {
    // with a prefetch buffer, claims held beyond the running bodies: claimed-but-unstarted work;
    // without (the default), claims that start their rows (ClusterIT alternates the two)
    return IntegrationTest.fastWorker()
        .maxClaimBatch(8)
        .prefetchBuffer(Integer.getInteger(PREFETCH, 4))
        .claimedStaleThreshold(Duration.ofSeconds(3))
        .shutdownDrain(Duration.ofSeconds(5));
  }

  /**
   * Records this execution in the side table, then returns the job's planned outcome. The record is
   * the test's own bookkeeping, so it outlasts the database restart: it is retried (for up to a
   * minute) under one execution id, and a retry after a commit whose answer was lost inserts
   * nothing. Without this, a body that ran during the restart failed with UNHANDLED_EXCEPTION.
   */
  private static TaskResult<String> run(Job in) throws Exception {
    UUID execId = UUID.randomUUID();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (true) {
      try (Connection c = sideTable().getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "insert into public.cluster_exec (exec_id, task_key) values (?, ?)"
                      + " on conflict (exec_id) do nothing")) {
        ps.setObject(1, execId);
        ps.setString(2, in.key());
        ps.executeUpdate();
        break;
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200); // backing off while the database restarts; not a synchronisation
      }
    }
    return in.fail() ? TaskResult.err("PLANNED", in.key()) : TaskResult.ok(in.key());
  }

  private static HikariDataSource sideTable() {
    if (sideTable == null) {
      synchronized (ClusterApp.class) {
        if (sideTable == null) {
          HikariConfig hc = new HikariConfig();
          hc.setJdbcUrl(System.getenv("GALLOP_DATABASE_URL"));
          hc.setMaximumPoolSize(4);
          hc.setPoolName("cluster-side-table");
          // a worker JVM started while the database restarts must not fail building the pool
          // (PoolInitializationException is not an SQLException): getConnection retries instead
          hc.setInitializationFailTimeout(-1);
          sideTable = new HikariDataSource(hc);
        }
      }
    }
    return sideTable;
  }
}
