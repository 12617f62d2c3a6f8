package dev.gallop.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gallop.Gallop;
import dev.gallop.internal.db.EmbeddedDatabase;
import dev.gallop.task.Task;
import dev.gallop.worker.WorkerMain;
import dev.gallop.workflow.JoinType;
import dev.gallop.workflow.SubWorkflowNode;
import dev.gallop.workflow.SuccessCase;
import dev.gallop.workflow.SuccessPolicy;
import dev.gallop.workflow.TaskNode;
import dev.gallop.workflow.WorkflowDefinition;
import dev.gallop.workflow.WorkflowHandle;
import dev.gallop.workflow.WorkflowStatus;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three worker JVMs on one PostgreSQL that runs in its own process. Standalone tasks and workflows
 * of mixed shapes are loaded; every few seconds one worker is killed with SIGKILL and replaced; the
 * database is restarted once mid-run. Afterwards nothing is lost, nothing is stuck, no body ran
 * more often than its attempts allow, and every workflow ends with the status its shape implies.
 *
 * <p>Sized for CI on 2 cores by default; {@code -Dgallop.soak=true} loads ten times more.
 */
class ClusterIT {
  private static final boolean SOAK = Boolean.getBoolean("gallop.soak");
  private static final int TASKS = SOAK ? 100_000 : 20_000;
  private static final int WORKFLOWS = SOAK ? 2_000 : 200;

  @TempDir Path dir;

  private final List<Process> workers = new ArrayList<>();
  private final Map<Long, java.time.Instant> killedAt = new HashMap<>();
  private final Random random = new Random(42);
  private String url;

  @Test
  void nothingIsLostUnderWorkerKillsAndADatabaseRestart() throws Exception {
    Path data = dir.resolve("pgdata");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    EmbeddedDatabase db = EmbeddedDatabase.start(data, port, true);
    url = db.jdbcUrl("postgres");
    exec(
        "create table public.cluster_exec (exec_id uuid primary key, task_key text not null,"
            + " at timestamptz not null default now())");
    exec("create index on public.cluster_exec (task_key)");
    ClusterApp app = new ClusterApp();
    try (Gallop client =
        app.configure(Gallop.builder().databaseUrl(url).ignoreEnvironment().poolSize(4)).build()) {
      app.register(client);
      @SuppressWarnings("unchecked")
      Task<ClusterApp.Job, String> job =
          (Task<ClusterApp.Job, String>) (Task<?, ?>) client.engine().registry().get("job");
      @SuppressWarnings("unchecked")
      Task<ClusterApp.Job, String> fragile =
          (Task<ClusterApp.Job, String>) (Task<?, ?>) client.engine().registry().get("fragile");
      @SuppressWarnings("unchecked")
      WorkflowDefinition<ClusterApp.Job, String> leaf =
          (WorkflowDefinition<ClusterApp.Job, String>)
              client.engine().workflows().definitions().stream()
                  .filter(d -> d.definitionKey().equals(ClusterApp.LEAF))
                  .findFirst()
                  .orElseThrow();

      @SuppressWarnings("unchecked")
      Task<ClusterApp.Job, String> flaky =
          (Task<ClusterApp.Job, String>) (Task<?, ?>) client.engine().registry().get("flaky");
      for (int i = 0; i < TASKS; i++) {
        Task<ClusterApp.Job, String> t = i % 10 == 0 ? fragile : i % 10 == 5 ? flaky : job;
        t.send(new ClusterApp.Job("t" + i, i % 20 == 7));
      }
      Map<String, WorkflowStatus> expected = new HashMap<>();
      for (int i = 0; i < WORKFLOWS; i++) {
        var h = startShape(client, job, flaky, leaf, i);
        expected.put(
            h.workflowId(),
            i % 5 == 1 || i % 5 == 4 ? WorkflowStatus.FAILED : WorkflowStatus.COMPLETED);
      }

      for (int i = 0; i < 3; i++) {
        workers.add(startWorker());
      }
      ClaimProbe probe = new ClaimProbe(url);
      long start = System.nanoTime();
      boolean restarted = false;
      int kills = 0;
      try {
        while (pending() > 0) {
          assertThat(Duration.ofNanos(System.nanoTime() - start))
              .as("cluster drained in time")
              .isLessThan(Duration.ofMinutes(12));
          Thread.sleep(2500); // chaos cadence: the test's stimulus, not synchronisation
          int victim = random.nextInt(workers.size());
          long pid = workers.get(victim).pid();
          killedAt.put(pid, java.time.Instant.now());
          workers.get(victim).destroyForcibly(); // SIGKILL
          probe.watch(pid);
          workers.set(victim, startWorker());
          kills++;
          if (!restarted && kills == 2) {
            db.close();
            Thread.sleep(2000); // the database outage itself
            db = EmbeddedDatabase.start(data, port, true);
            restarted = true;
          }
        }
        System.out.printf(
            "cluster: drained %d tasks and %d workflows in %.1f s with %d kills and a database restart%n",
            TASKS, WORKFLOWS, (System.nanoTime() - start) / 1e9, kills);
      } finally {
        workers.forEach(Process::destroyForcibly);
        probe.close();
      }
      assertThat(restarted).isTrue();

      // every task terminal, nothing left claimed or enqueued
      assertThat(
              count(
                  "select count(*) from gallop.gallop_tasks where status not in ('COMPLETED','FAILED','CANCELLED','EXPIRED')"))
          .isZero();
      assertThat(
              count(
                  "select count(*) from gallop.gallop_workflow_nodes where status in ('PENDING','READY','ENQUEUED','RUNNING')"))
          .isZero();
      // no body ran more often than its attempts allow (hash joins over aggregates: linear)
      assertThat(
              count(
                  """
                  with e as (select task_key, count(*) as n from public.cluster_exec group by task_key),
                       a as (select task_id, count(*) as n from gallop.gallop_attempts group by task_id)
                  select count(*) from gallop.gallop_tasks t
                    join e on e.task_key = t.inputs::json->>'key'
                    left join a on a.task_id = t.id
                   where e.n > coalesce(a.n, 0)
                  """))
          .isZero();
      // bodies without a crash-retry policy ran at most once
      assertThat(
              count(
                  """
                  select count(*) from (select task_key from public.cluster_exec where task_key like 't%'
                                           and substring(task_key from 2)::int % 10 = 0
                                         group by task_key having count(*) > 1) x
                  """))
          .isZero();
      // user-code failures were retried by policy: every flaky task completed on a later attempt,
      // its first attempt failed with FLAKY (or was cut short by a kill: WORKER_CRASHED)
      assertThat(
              rows(
                  """
                  select t.id || ' ' || t.status || ' retries=' || t.retry_count || ' workflow='
                         || coalesce(t.workflow_id, '-') || ' attempts=' || coalesce((
                           select string_agg(a.attempt || ':' || a.outcome || ':'
                                             || coalesce(a.error_code, '-'), ',' order by a.attempt)
                             from gallop.gallop_attempts a where a.task_id = t.id), '-')
                    from gallop.gallop_tasks t
                   where t.task_name = 'flaky'
                     and (t.status <> 'COMPLETED' or t.retry_count < 1
                          or not exists (select 1 from gallop.gallop_attempts a
                                          where a.task_id = t.id and a.attempt = 1
                                            and a.error_code in ('FLAKY', 'WORKER_CRASHED')))
                  """))
          .as("flaky tasks not completed after a failed first attempt")
          .isEmpty();
      assertThat(count("select count(*) from gallop.gallop_tasks where task_name = 'flaky'"))
          .isEqualTo(TASKS / 10 + WORKFLOWS / 5);
      // a completion is recorded once
      assertThat(
              count(
                  """
                  with a as (select task_id, count(*) as n from gallop.gallop_attempts
                              where outcome = 'COMPLETED' group by task_id)
                  select count(*) from gallop.gallop_tasks t left join a on a.task_id = t.id
                   where t.status = 'COMPLETED' and coalesce(a.n, 0) <> 1
                  """))
          .isZero();
      // every workflow ends as its shape implies (workflow tasks retry crashes, so kills do not
      // change outcomes)
      for (var e : expected.entrySet()) {
        assertThat(client.workflowHandle(e.getKey()).status())
            .as("workflow %s", e.getKey())
            .isEqualTo(e.getValue());
      }
      // running work comes back within runningStaleThreshold (4 s) + recoveryCheckInterval (1 s)
      long worstMillis = 0;
      long crashes = 0;
      try (Connection c = DriverManager.getConnection(url);
          ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "select worker_id, finished_at from gallop.gallop_attempts"
                          + " where outcome = 'WORKER_FAILURE'")) {
        while (rs.next()) {
          crashes++;
          java.time.Instant kill = killedAt.get(Long.parseLong(rs.getString(1).split(":")[1]));
          if (kill != null) {
            worstMillis =
                Math.max(
                    worstMillis, Duration.between(kill, rs.getTimestamp(2).toInstant()).toMillis());
          }
        }
      }
      System.out.printf(
          "cluster: %d crashed bodies recovered, the slowest %d ms after its worker was killed"
              + " (bound: running-stale 4 s + recovery interval 1 s); %d policy-less tasks failed"
              + " with WORKER_CRASHED instead of running twice%n",
          crashes,
          worstMillis,
          count(
              "select count(*) from gallop.gallop_tasks where task_name = 'fragile'"
                  + " and error_code = 'WORKER_CRASHED'"));
      // nominal 5 s; JVM restarts on 2 cores and the database restart stretch it (about 8 s
      // measured)
      assertThat(worstMillis).isLessThan(30_000);
      // claimed-but-unstarted work comes back within claimedStaleThreshold (3 s, shorter than the
      // 5 s lease) + recoveryCheckInterval (1 s)
      System.out.printf(
          "cluster: claims of killed workers back in the queue: %d kills with claimed-but-unstarted"
              + " rows, median %d ms, slowest %d ms (bound: claimed-stale 3 s + recovery interval"
              + " 1 s)%n",
          probe.samples().size(), probe.percentile(50), probe.percentile(100));
      assertThat(probe.samples()).isNotEmpty();
      assertThat(probe.percentile(100)).isLessThan(30_000);
    } finally {
      db.close();
    }
  }

  private WorkflowHandle<?> startShape(
      Gallop g,
      Task<ClusterApp.Job, String> job,
      Task<ClusterApp.Job, String> flaky,
      WorkflowDefinition<ClusterApp.Job, String> leaf,
      int i) {
    String p = "w" + i + "/";
    TaskNode<String> a = node(job, p, "a", false).build();
    return switch (i % 5) {
      case 0 -> { // chain whose middle node fails once and is retried by its policy
        TaskNode<String> b = node(flaky, p, "b", false).waitsFor(a).build();
        TaskNode<String> c = node(job, p, "c", false).waitsFor(b).build();
        yield g.workflow("chain").nodes(a, b, c).build().start();
      }
      case 1 -> { // diamond with a failed branch and a recovering join: FAILED
        TaskNode<String> b = node(job, p, "b", true).waitsFor(a).build();
        TaskNode<String> c = node(job, p, "c", false).waitsFor(a).build();
        TaskNode<String> d = node(job, p, "d", false).waitsFor(b, c).allowFailedDeps().build();
        yield g.workflow("diamond").nodes(a, b, c, d).build().start();
      }
      case 2 -> { // quorum 2 of 3 with one failure, under a success policy: COMPLETED
        TaskNode<String> b = node(job, p, "b", true).build();
        TaskNode<String> c = node(job, p, "c", false).build();
        TaskNode<String> d =
            node(job, p, "d", false).waitsFor(a, b, c).join(JoinType.QUORUM).minSuccess(2).build();
        yield g.workflow("quorum")
            .nodes(a, b, c, d)
            .successPolicy(SuccessPolicy.of(SuccessCase.of(d)))
            .build()
            .start();
      }
      case 3 -> { // a subworkflow
        SubWorkflowNode<String> s =
            SubWorkflowNode.of(leaf)
                .inputs(new ClusterApp.Job(p + "leaf", false))
                .nodeId("s")
                .waitsFor(a)
                .build();
        yield g.workflow("nested").nodes(a, s).output(s).build().start();
      }
      default -> { // chain failing in the middle: FAILED
        TaskNode<String> b = node(job, p, "b", true).waitsFor(a).build();
        TaskNode<String> c = node(job, p, "c", false).waitsFor(b).build();
        yield g.workflow("broken").nodes(a, b, c).build().start();
      }
    };
  }

  /** A task node whose id is {@code id} and whose job key is unique to its workflow. */
  private static TaskNode.Builder<String> node(
      Task<ClusterApp.Job, String> job, String prefix, String id, boolean fail) {
    return TaskNode.of(job).inputs(new ClusterApp.Job(prefix + id, fail)).nodeId(id);
  }

  private int workersStarted;

  /**
   * A worker process; every other one has no prefetch buffer, so that its claims start their rows
   * (standalone claims and local hand-offs) while the others hold claimed-but-unstarted rows.
   */
  private Process startWorker() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                java,
                "-Xmx256m",
                "-D" + ClusterApp.PREFETCH + "=" + (workersStarted++ % 2 == 0 ? 4 : 0),
                "-cp",
                System.getProperty("java.class.path"),
                WorkerMain.class.getName(),
                ClusterApp.class.getName(),
                "4"));
    pb.environment().put("GALLOP_DATABASE_URL", url);
    pb.redirectErrorStream(true)
        .redirectOutput(dir.resolve("worker-" + System.nanoTime() + ".log").toFile());
    return pb.start();
  }

  private long pending() throws Exception {
    try {
      return count(
          "select (select count(*) from gallop.gallop_tasks where status not in ('COMPLETED','FAILED','CANCELLED','EXPIRED'))"
              + " + (select count(*) from gallop.gallop_workflows where status not in ('COMPLETED','FAILED','CANCELLED'))");
    } catch (java.sql.SQLException e) {
      return Long.MAX_VALUE; // the database is restarting
    }
  }

  private void exec(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** The first column of every row, as text (to name what broke in a failed assertion). */
  private List<String> rows(String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private long count(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
