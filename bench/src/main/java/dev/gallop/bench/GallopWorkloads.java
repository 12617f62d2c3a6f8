package dev.gallop.bench;

import dev.gallop.Gallop;
import dev.gallop.task.Task;
import dev.gallop.task.TaskResult;
import dev.gallop.worker.Worker;
import dev.gallop.worker.WorkerOptions;
import dev.gallop.workflow.TaskNode;
import dev.gallop.workflow.WorkflowHandle;
import dev.gallop.workflow.WorkflowSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/** Gallop's workloads: standalone throughput, hop latency, a 10,000-node workflow, waiters. */
final class GallopWorkloads {
  /** A no-op task's input. */
  record Noop(int i) {}

  /** Body slots of the worker (virtual threads): {@link Bench#IN_FLIGHT}, as for every system. */
  static final int CONCURRENCY = Bench.IN_FLIGHT;

  static final int CLAIM_BATCH = Integer.getInteger("bench.claimBatch", 40);

  private GallopWorkloads() {}

  private static Gallop engine(String url) {
    return Gallop.builder().databaseUrl(url).ignoreEnvironment().build();
  }

  static Task<Noop, Integer> noop(Gallop g) {
    return g.task("noop", Noop.class, Integer.class).handler((in, ctx) -> TaskResult.ok(in.i()));
  }

  static WorkerOptions worker() {
    return WorkerOptions.builder().concurrency(CONCURRENCY).maxClaimBatch(CLAIM_BATCH).build();
  }

  /**
   * Workload 2 (and 6): batched enqueue of n no-op tasks, then one worker drains them. The worker
   * is a process of its own ({@code WorkerMain}, as in production), so that its peak RSS and CPU
   * are its own; CPU counts the worker, this JVM (idle but for progress polling) and PostgreSQL.
   */
  static Map<String, Double> standalone(String url, int n) throws Exception {
    try (Gallop g = engine(url)) {
      Task<Noop, Integer> noop = noop(g);
      Process worker = workerProcess(url);
      try {
        // warm-up: the worker registers, then runs rounds of Bench.WARM_UP tasks (class loading,
        // JIT) until its compilation settles
        Bench.awaitCount(url, "select count(*) from gallop.gallop_workers", 1, 60_000);
        int rounds = warmUpWorker(url, noop, worker);
        List<Noop> inputs = IntStream.range(0, n).mapToObj(Noop::new).toList();
        Bench.checkpoint(url);
        Proc.Cpu beforeSend = Proc.Cpu.now();
        long t0 = System.nanoTime();
        noop.sendAll(inputs); // one transaction: the whole load becomes visible at once
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        double enqueueSeconds = (start - t0) / 1e9;
        // the drain's CPU from here, as for the peers (the enqueue's is reported on its own)
        Proc.Cpu before = Proc.Cpu.now();
        long workerBefore = Proc.processTicks(worker.pid());
        long workerJitBefore = Proc.compilerTicks(Long.toString(worker.pid()));
        long commits0 = commits(url);
        long workerTicks = workerBefore;
        double peak = 0;
        long end = System.currentTimeMillis() + 600_000;
        while (Bench.count(
                url, "select count(*) from gallop.gallop_tasks where status = 'COMPLETED'")
            < n) {
          if (!worker.isAlive() || System.currentTimeMillis() > end) {
            throw new IllegalStateException("the worker process ended or timed out");
          }
          workerTicks = Math.max(workerTicks, Proc.processTicks(worker.pid()));
          peak = Math.max(peak, Proc.peakRssMiB(worker.pid()));
          Thread.sleep(200);
        }
        double polled = (System.nanoTime() - start) / 1e9;
        // the last completion's commit, not when the polling noticed it
        double seconds = Bench.secondsToLastCommit(url, "gallop.gallop_tasks", startedAt);
        workerTicks = Math.max(workerTicks, Proc.processTicks(worker.pid()));
        peak = Math.max(peak, Proc.peakRssMiB(worker.pid()));
        long workerJit = Proc.compilerTicks(Long.toString(worker.pid())) - workerJitBefore;
        Proc.Cpu after = Proc.Cpu.now();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("enqueue rows/s", n / enqueueSeconds);
        m.put("enqueue CPU ms/job", before.millisSince(beforeSend) / n);
        m.put("jobs/s", n / seconds);
        m.put("end polled late ms", (polled - seconds) * 1e3);
        m.put("commits/job", (commits(url) - commits0) / (double) n);
        m.put(
            "CPU ms/job",
            (after.millisSince(before) + (workerTicks - workerBefore) * Proc.TICK_MS) / n);
        m.put("of which PostgreSQL", after.pgMillisSince(before) / n);
        m.put(
            "of which JIT compilation",
            (after.jitMillisSince(before) + workerJit * Proc.TICK_MS) / n);
        m.put("worker peak RSS MiB", peak);
        m.put("worker warm-up rounds", (double) rounds);
        return m;
      } finally {
        worker.destroy(); // SIGTERM: graceful shutdown
        worker.waitFor();
      }
    }
  }

  /**
   * Warm-up rounds of {@link Bench#WARM_UP} tasks, each drained and then deleted (the table
   * vacuumed, as before the measured drain), until the worker's JIT compiler threads used at most
   * {@link #SETTLED} of its CPU in a round, or {@link #MAX_WARM_UP_ROUNDS} rounds. The peers run in
   * this JVM, warmed by every repetition before; the worker is a new process in each repetition,
   * and one round of 30,000 tasks left it compiling through the measured drain (about 0.05 ms per
   * job): on 2 cores, a long queue of C2 compilations raises its tier-4 thresholds (tiered
   * compilation's load feedback), so that hot methods stayed at tier 3, and the idle gap before the
   * drain left profiles that the drain's first batches invalidated (uncommon traps).
   *
   * @return the number of rounds run
   */
  private static int warmUpWorker(String url, Task<Noop, Integer> noop, Process worker)
      throws Exception {
    String pid = Long.toString(worker.pid());
    int rounds = 0;
    double jitShare;
    do {
      long cpu0 = Proc.processTicks(worker.pid());
      long jit0 = Proc.compilerTicks(pid);
      noop.sendAll(IntStream.range(0, Bench.WARM_UP).mapToObj(Noop::new).toList());
      Bench.awaitCount(
          url,
          "select count(*) from gallop.gallop_tasks where status = 'COMPLETED'",
          Bench.WARM_UP,
          120_000);
      // the next round, and the measured drain, start from a vacuumed table without these rows, as
      // db-scheduler's (which deletes each row as it completes)
      Bench.exec(
          url,
          "delete from gallop.gallop_tasks",
          "vacuum analyze gallop.gallop_tasks, gallop.gallop_task_attempts");
      rounds++;
      long cpu = Math.max(1, Proc.processTicks(worker.pid()) - cpu0);
      jitShare = (Proc.compilerTicks(pid) - jit0) / (double) cpu;
      System.out.printf(
          "bench:   worker warm-up round %d: JIT compilation %.0f%% of its CPU%n",
          rounds, jitShare * 100);
    } while (jitShare > SETTLED && rounds < MAX_WARM_UP_ROUNDS);
    return rounds;
  }

  /** The share of the worker's CPU its JIT may use in a warm-up round that ends the warm-up. */
  private static final double SETTLED = 0.05;

  /** At most this many warm-up rounds ({@code -Dbench.workerWarmUpRounds}, default 6). */
  private static final int MAX_WARM_UP_ROUNDS = Integer.getInteger("bench.workerWarmUpRounds", 6);

  /** A worker JVM ({@code WorkerMain} running {@link BenchApp}) with default heap settings. */
  private static Process workerProcess(String url) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java));
    // extra JVM flags for the worker, e.g. -Dbench.workerJvm=-Xmx128m (default: none)
    String flags = System.getProperty("bench.workerJvm", "").trim();
    if (!flags.isEmpty()) {
      cmd.addAll(List.of(flags.split("\\s+")));
    }
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "-Dbench.claimBatch=" + CLAIM_BATCH,
            dev.gallop.worker.WorkerMain.class.getName(),
            BenchApp.class.getName(),
            Integer.toString(CONCURRENCY)));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("GALLOP_DATABASE_URL", url);
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    return pb.start();
  }

  /**
   * Workload 4a: a chain; the time from a node's completion (its finalize transaction's start) to
   * its dependent's body, split at that transaction's commit, and the share of dependents the
   * finalize itself started. Their rows' start is that finalize's {@code now()}, so a hop to the
   * row's {@code started_at} would read 0: the body is the honest end of a hop.
   */
  static Map<String, Double> chain(String url, int length) throws Exception {
    try (Gallop g = engine(url)) {
      Task<Noop, Integer> noop = noop(g);
      warmUp(url, g, noop);
      Map<Integer, Instant> bodyStarts = new ConcurrentHashMap<>();
      // the fan-out above hands off a dependent twice; a chain does it on every hop, and its
      // first hops in a cold JVM ran interpreted code (finalize 5-13 ms for about 15 hops)
      warmUp(url, g, linked(noop, length));
      Task<Noop, Integer> step = stamped(g, bodyStarts);
      List<TaskNode<Integer>> nodes = linked(step, length);
      WorkflowHandle<?> h;
      try (Worker w = g.worker(worker()).start()) {
        h = g.workflow("chain").nodes(nodes).build().start();
        require(h.get(Duration.ofMinutes(5)).isOk(), "chain failed");
      }
      // the dependency's completion (its finalize's start) to the dependent's body
      // and from its finalize transaction's commit (track_commit_timestamp) to that body
      Map<Integer, Instant> completed = new HashMap<>();
      Map<Integer, Instant> committed = new HashMap<>();
      try (Connection c = DriverManager.getConnection(url);
          var ps =
              c.prepareStatement(
                  "select node_index, completed_at, pg_xact_commit_timestamp(xmin)"
                      + " from gallop.gallop_tasks where workflow_id = ?")) {
        ps.setString(1, h.workflowId());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            completed.put(rs.getInt(1), rs.getTimestamp(2).toInstant());
            committed.put(rs.getInt(1), rs.getTimestamp(3).toInstant());
          }
        }
      }
      List<Double> toBody = new ArrayList<>();
      List<Double> finalize = new ArrayList<>();
      List<Double> commitToBody = new ArrayList<>();
      for (int i = 1; i < length; i++) {
        toBody.add(Duration.between(completed.get(i - 1), bodyStarts.get(i)).toNanos() / 1e6);
        finalize.add(Duration.between(completed.get(i - 1), committed.get(i - 1)).toNanos() / 1e6);
        commitToBody.add(Duration.between(committed.get(i - 1), bodyStarts.get(i)).toNanos() / 1e6);
        if (Boolean.getBoolean("bench.chainDump")) {
          System.err.printf(
              "hop %d at %s: finalize %.2f, commit to body %.2f%n",
              i, completed.get(i - 1), finalize.get(i - 1), commitToBody.get(i - 1));
        }
      }
      // how many dependents the finalize that completed their dependency also claimed and started
      // (the local hand-off: same transaction, so the row's claimed_at is that finalize's now());
      // the rest waited for a claim
      double handedOff =
          millis(
                  url,
                  "select 100.0 * count(*) filter (where n.claimed_at = p.completed_at) / count(*)"
                      + " from gallop.gallop_tasks n join gallop.gallop_tasks p"
                      + " on p.workflow_id = n.workflow_id and p.node_index = n.node_index - 1"
                      + " where n.workflow_id = '"
                      + h.workflowId()
                      + "'")
              .get(0);
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("hop to the body p50 ms", Bench.percentile(toBody, 50));
      m.put("hop to the body p99 ms", Bench.percentile(toBody, 99));
      m.put("hops started by the finalize %", handedOff);
      m.put("finalize transaction p50 ms", Bench.percentile(finalize, 50));
      m.put("finalize transaction p99 ms", Bench.percentile(finalize, 99));
      m.put("finalize commit to the body p50 ms", Bench.percentile(commitToBody, 50));
      m.put("finalize commit to the body p99 ms", Bench.percentile(commitToBody, 99));
      return m;
    }
  }

  /**
   * Workload 4b: root, then {@code width} branches, then a join; last branch done to join start,
   * and the root's finalize transaction, which enqueues the branches and hands some off.
   */
  static Map<String, Double> fanOut(String url, int width) throws Exception {
    try (Gallop g = engine(url)) {
      Task<Noop, Integer> noop = noop(g);
      warmUp(url, g, noop);
      Map<Integer, Instant> bodyStarts = new ConcurrentHashMap<>();
      Task<Noop, Integer> step = stamped(g, bodyStarts);
      try (Worker w = g.worker(worker()).start()) {
        WorkflowHandle<?> h = g.workflow("fan").nodes(fan(step, width)).build().start();
        require(h.get(Duration.ofMinutes(5)).isOk(), "fan-out failed");
      }
      String lastBranch =
          "(select max(b.completed_at) from gallop.gallop_tasks b where b.node_index between 1 and "
              + width
              + ")";
      double lastBranchEpochMs =
          millis(url, "select extract(epoch from " + lastBranch + ") * 1000").get(0);
      Instant join = bodyStarts.get(-1);
      double toBody = join.toEpochMilli() + join.getNano() % 1_000_000 / 1e6 - lastBranchEpochMs;
      // the root's finalize enqueues the branches and hands off what the worker has room for:
      // its start (the root's completed_at) to its commit (the root row's last change)
      double rootFinalize =
          millis(
                  url,
                  "select extract(epoch from (pg_xact_commit_timestamp(r.xmin) - r.completed_at))"
                      + " * 1000 from gallop.gallop_tasks r where r.node_index = 0")
              .get(0);
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("root's finalize transaction ms", rootFinalize);
      m.put("last branch to the join's body ms", toBody);
      return m;
    }
  }

  /** A no-op that notes when its body begins, by input (wall clock, as PostgreSQL's now() is). */
  private static Task<Noop, Integer> stamped(Gallop g, Map<Integer, Instant> bodyStarts) {
    return g.task("stamped", Noop.class, Integer.class)
        .handler((in, ctx) -> {
          bodyStarts.put(in.i(), Instant.now());
          return TaskResult.ok(in.i());
        });
  }

  /** {@code length} nodes of {@code task}, each waiting for the one before. */
  private static List<TaskNode<Integer>> linked(Task<Noop, Integer> task, int length) {
    List<TaskNode<Integer>> nodes = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      TaskNode.Builder<Integer> b = TaskNode.of(task).input("i", i).nodeId("n" + i);
      if (i > 0) {
        b.waitsFor(nodes.get(i - 1));
      }
      nodes.add(b.build());
    }
    return nodes;
  }

  private static List<TaskNode<Integer>> fan(Task<Noop, Integer> noop, int width) {
    List<TaskNode<Integer>> nodes = new ArrayList<>();
    TaskNode<Integer> root = TaskNode.of(noop).input("i", 0).nodeId("root").build();
    nodes.add(root);
    List<TaskNode<Integer>> branches = new ArrayList<>();
    for (int i = 1; i <= width; i++) {
      branches.add(TaskNode.of(noop).input("i", i).nodeId("b" + i).waitsFor(root).build());
    }
    nodes.addAll(branches);
    TaskNode.Builder<Integer> join = TaskNode.of(noop).input("i", -1).nodeId("join");
    branches.forEach(join::waitsFor);
    nodes.add(join.build());
    return nodes;
  }

  /**
   * Runs a 2,000-node fan-out/fan-in to the end with a worker of its own before a workflow workload
   * measures anything, as the standalone workload runs 2,000 tasks first: class loading and JIT
   * compilation (in a cold JVM, C2 alone used 40% of the CPU of the {@code wide} drain) are a
   * worker's start-up cost, not a per-node one. Its rows are deleted afterwards, so that the
   * workloads' queries see their own rows only.
   */
  private static void warmUp(String url, Gallop g, Task<Noop, Integer> noop) throws Exception {
    warmUp(url, g, fan(noop, 2_000));
  }

  /** Runs a warm-up workflow of {@code nodes} to the end, then deletes its rows. */
  private static void warmUp(String url, Gallop g, List<TaskNode<Integer>> nodes) throws Exception {
    WorkflowHandle<?> h = g.workflow("warm-up").nodes(nodes).build().start();
    try (Worker w = g.worker(worker()).start()) {
      require(h.get(Duration.ofMinutes(5)).isOk(), "warm-up workflow failed");
    }
    String id = h.workflowId();
    Bench.exec(
        url,
        "delete from gallop.gallop_tasks where workflow_id = '" + id + "'",
        "delete from gallop.gallop_workflows where id = '" + id + "'");
  }

  /** Workload 5a: a 10,000-node fan-out/fan-in: validate + start, drain, per-node cost. */
  static Map<String, Double> wide(String url, int size) throws Exception {
    try (Gallop g = engine(url)) {
      Task<Noop, Integer> noop = noop(g);
      warmUp(url, g, noop);
      long t0 = System.nanoTime();
      WorkflowSpec<?> spec = g.workflow("wide").nodes(fan(noop, size - 2)).build();
      double validate = (System.nanoTime() - t0) / 1e6;
      WorkflowHandle<?> h = spec.start();
      double start = (System.nanoTime() - t0) / 1e6;
      Proc.Cpu before = Proc.Cpu.now();
      long d0 = System.nanoTime();
      try (Worker w = g.worker(worker()).start()) {
        require(h.get(Duration.ofMinutes(10)).isOk(), "wide workflow failed");
      }
      double drain = (System.nanoTime() - d0) / 1e9;
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("validate ms", validate);
      m.put("validate + start ms", start);
      m.put("drain nodes/s", size / drain);
      m.put("CPU ms/node", Proc.Cpu.now().millisSince(before) / size);
      return m;
    }
  }

  private static final long IDLE_SETTLE_MS = 11_000;

  private static final long IDLE_WINDOW_MS = 10_000;

  /** Workload 5b: {@code n} concurrent get() waiters on different workflows. */
  static Map<String, Double> waiters(String url, int n) throws Exception {
    try (Gallop g = engine(url)) {
      Task<Noop, Integer> noop = noop(g);
      List<WorkflowHandle<?>> handles = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        handles.add(
            g.workflow("one")
                .nodes(TaskNode.of(noop).input("i", i).nodeId("n").build())
                .build()
                .start());
      }
      ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
      List<Future<Long>> woken = new ArrayList<>();
      for (WorkflowHandle<?> h : handles) {
        woken.add(
            threads.submit(() -> {
              h.get(Duration.ofMinutes(5));
              return System.currentTimeMillis();
            }));
      }
      // idle cost of the waiters: database work while they wait and nothing happens. The window
      // opens once every waiter is registered and a backend's statistics of their first checks
      // have surely reached pg_stat_database (an idle backend reports at most every 10 s)
      while (g.engine().waiters().size() < n) {
        Thread.sleep(10);
      }
      Thread.sleep(IDLE_SETTLE_MS);
      long commits0 =
          Bench.count(
              url, "select xact_commit from pg_stat_database where datname = current_database()");
      Proc.Cpu idle0 = Proc.Cpu.now();
      Thread.sleep(IDLE_WINDOW_MS);
      double idlePgMs = (Proc.postgresTicks() - idle0.pg()) * Proc.TICK_MS;
      long commits =
          Bench.count(
                  url,
                  "select xact_commit from pg_stat_database where datname = current_database()")
              - commits0;
      // the worker is another engine with a pool of its own, as workers and waiting clients are
      // separate processes in production: the waiters' re-reads do not queue behind its work
      try (Gallop workerEngine = engine(url);
          Worker w = startWorker(workerEngine)) {
        List<Double> latency = new ArrayList<>();
        Map<String, Long> completed = completedAtMillis(url);
        for (int i = 0; i < n; i++) {
          long done = completed.get(handles.get(i).workflowId());
          latency.add((double) (woken.get(i).get() - done));
        }
        threads.shutdown();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("idle PostgreSQL CPU ms/s", idlePgMs * 1000 / IDLE_WINDOW_MS);
        m.put("idle transactions/s", commits * 1000.0 / IDLE_WINDOW_MS);
        m.put("wake-up p50 ms", Bench.percentile(latency, 50));
        m.put("wake-up p99 ms", Bench.percentile(latency, 99));
        return m;
      }
    }
  }

  private static Worker startWorker(Gallop g) {
    noop(g);
    return g.worker(worker()).start();
  }

  /** Committed transactions of the bench database so far (pg_stat_database). */
  static long commits(String url) throws Exception {
    return Bench.count(
        url, "select xact_commit from pg_stat_database where datname = current_database()");
  }

  private static Map<String, Long> completedAtMillis(String url) throws Exception {
    Bench.awaitCount(
        url,
        "select count(*) from gallop.gallop_workflows where status = 'COMPLETED'",
        Bench.count(url, "select count(*) from gallop.gallop_workflows"),
        300_000);
    Map<String, Long> out = new java.util.HashMap<>();
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select id, extract(epoch from completed_at) * 1000 from gallop.gallop_workflows")) {
      while (rs.next()) {
        out.put(rs.getString(1), (long) rs.getDouble(2));
      }
    }
    return out;
  }

  private static List<Double> millis(String url, String sql) throws Exception {
    List<Double> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getDouble(1));
      }
    }
    return out;
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException(what);
    }
  }
}
