package dev.gallop.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gallop.Gallop;
import dev.gallop.error.WorkflowValidationException;
import dev.gallop.task.Task;
import dev.gallop.task.TaskResult;
import dev.gallop.testing.TestDatabase;
import dev.gallop.worker.Worker;
import dev.gallop.worker.WorkerOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random DAGs (random dependencies, joins, allowFailedDeps and failing nodes) run on a real worker
 * and are compared with an independent oracle of the join rules; random invalid graphs are rejected
 * with their code and write nothing.
 */
class RandomDagPropertiesIT {
  /**
   * A node: its dependencies (lower indexes), join, threshold, allowFailedDeps and whether it
   * fails.
   */
  record NodePlan(
      List<Integer> deps, JoinType join, int minSuccess, boolean allowFailed, boolean fails) {}

  record Step(String id, boolean fails) {}

  private static String url;
  private static Gallop gallop;
  private static Worker worker;
  private static Task<Step, String> step;
  private static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
  private static final AtomicInteger COUNTER = new AtomicInteger();

  @BeforeContainer
  static void start() {
    url = TestDatabase.get().freshDatabase();
    gallop = Gallop.builder().databaseUrl(url).ignoreEnvironment().poolSize(6).build();
    step =
        gallop
            .task("step", Step.class, String.class)
            .handler((in, ctx) -> {
              RUNS.computeIfAbsent(in.id(), k -> new AtomicInteger()).incrementAndGet();
              return in.fails() ? TaskResult.err("PLANNED", in.id()) : TaskResult.ok(in.id());
            });
    worker =
        gallop
            .worker(
                WorkerOptions.builder()
                    .concurrency(6)
                    .maxClaimBatch(6)
                    .notifyPollInterval(Duration.ofSeconds(1))
                    .build())
            .start();
  }

  @AfterContainer
  static void stop() {
    worker.close();
    gallop.close();
    TestDatabase.get().drop(url);
  }

  @Provide
  Arbitrary<List<NodePlan>> dags() {
    return Arbitraries.integers()
        .between(1, 14)
        .flatMap(n -> {
          List<Arbitrary<NodePlan>> nodes = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            nodes.add(node(i));
          }
          return Combinators.combine(nodes).as(list -> list);
        });
  }

  private static Arbitrary<NodePlan> node(int index) {
    Arbitrary<List<Integer>> deps =
        index == 0
            ? Arbitraries.just(List.of())
            : Arbitraries.integers()
                .between(0, index - 1)
                .set()
                .ofMaxSize(Math.min(index, 4))
                .map(ArrayList::new);
    return Combinators.combine(
            deps,
            Arbitraries.of(JoinType.values()),
            Arbitraries.integers().between(1, 4),
            Arbitraries.of(true, false),
            Arbitraries.integers().between(0, 4).map(x -> x == 0))
        .as((d, join, min, afd, fails) -> {
          JoinType j = d.isEmpty() ? JoinType.ALL : join;
          return new NodePlan(
              d, j, Math.min(min, Math.max(1, d.size())), j == JoinType.ALL && afd, fails);
        });
  }

  @Property(tries = 40)
  void validDagsFinishAsTheJoinRulesSay(@ForAll("dags") List<NodePlan> plan) throws Exception {
    String prefix = "p" + COUNTER.incrementAndGet() + "_";
    List<TaskNode<String>> nodes = build(plan, prefix, null);
    WorkflowHandle<?> h = gallop.workflow("random").nodes(nodes).build().start();
    TaskResult<?> r = h.get(Duration.ofSeconds(60));
    assertThat(r.hasCode("WAIT_TIMEOUT")).as("workflow finished: %s", plan).isFalse();

    List<WorkflowTaskStatus> expected = oracle(plan);
    List<WorkflowTaskInfo> actual = h.tasks();
    for (int i = 0; i < plan.size(); i++) {
      assertThat(actual.get(i).status()).as("node %d of %s", i, plan).isEqualTo(expected.get(i));
      int ran = RUNS.getOrDefault(prefix + i, new AtomicInteger()).get();
      assertThat(ran)
          .as("runs of node %d", i)
          .isEqualTo(expected.get(i) == WorkflowTaskStatus.SKIPPED ? 0 : 1);
    }
    boolean anyFailed = expected.contains(WorkflowTaskStatus.FAILED);
    assertThat(h.status()).isEqualTo(anyFailed ? WorkflowStatus.FAILED : WorkflowStatus.COMPLETED);
    assertThat(
            count(
                "select count(*) from gallop.gallop_workflows where id = '"
                    + h.workflowId()
                    + "' and terminal_count = node_count"))
        .isEqualTo(1);
  }

  @Property(tries = 30)
  void invalidGraphsAreRejectedWithTheirCodeAndWriteNothing(
      @ForAll("dags") List<NodePlan> plan, @ForAll("mutations") int mutation) throws Exception {
    String prefix = "q" + COUNTER.incrementAndGet() + "_";
    List<TaskNode<String>> nodes =
        new ArrayList<>(build(plan, prefix, mutation == 0 ? prefix + "last" : null));
    String code;
    switch (mutation) {
      case 0 -> { // a cycle through a forward reference: the first node waits for the last, which
        // depends on it
        nodes.add(
            TaskNode.of(step)
                .inputs(new Step("x", false))
                .nodeId(prefix + "last")
                .waitsFor(nodes.get(0))
                .build());
        code = "GALLOP-007";
      }
      case 1 -> { // QUORUM above the number of dependencies
        nodes.add(
            TaskNode.of(step)
                .inputs(new Step("x", false))
                .nodeId(prefix + "q")
                .waitsFor(nodes.get(0))
                .quorum(2)
                .build());
        code = "GALLOP-013";
      }
      case 2 -> { // a dependency outside the workflow
        TaskNode<String> foreign =
            TaskNode.of(step).inputs(new Step("f", false)).nodeId(prefix + "foreign").build();
        nodes.add(
            TaskNode.of(step)
                .inputs(new Step("x", false))
                .nodeId(prefix + "d")
                .waitsFor(foreign)
                .build());
        code = "GALLOP-006";
      }
      default -> { // a hostile node id
        nodes.add(
            TaskNode.of(step)
                .inputs(new Step("x", false))
                .nodeId("'; drop table gallop_tasks; -- " + prefix)
                .build());
        code = "GALLOP-003";
      }
    }
    long before = count("select count(*) from gallop.gallop_workflows");
    assertThatThrownBy(() -> gallop.workflow("invalid").nodes(nodes).build())
        .isInstanceOfSatisfying(
            WorkflowValidationException.class, e -> assertThat(e.codes()).contains(code));
    assertThat(count("select count(*) from gallop.gallop_workflows")).isEqualTo(before);
  }

  @Provide
  Arbitrary<Integer> mutations() {
    return Arbitraries.integers().between(0, 3);
  }

  private static List<TaskNode<String>> build(
      List<NodePlan> plan, String prefix, String firstWaitsForKey) {
    List<TaskNode<String>> nodes = new ArrayList<>();
    for (int i = 0; i < plan.size(); i++) {
      NodePlan p = plan.get(i);
      TaskNode.Builder<String> b =
          TaskNode.of(step).inputs(new Step(prefix + i, p.fails())).nodeId(prefix + i);
      if (i == 0 && firstWaitsForKey != null) {
        b.waitsFor(NodeKey.of(firstWaitsForKey));
      }
      for (int d : p.deps()) {
        b.waitsFor(nodes.get(d));
      }
      if (p.join() == JoinType.QUORUM) {
        b.quorum(p.minSuccess());
      } else {
        b.join(p.join());
      }
      if (p.allowFailed()) {
        b.allowFailedDeps();
      }
      nodes.add(b.build());
    }
    return nodes;
  }

  /** Final node statuses by the join rules of workflow-semantics §4, computed in index order. */
  static List<WorkflowTaskStatus> oracle(List<NodePlan> plan) {
    List<WorkflowTaskStatus> out = new ArrayList<>();
    for (NodePlan p : plan) {
      int c = 0;
      int bad = 0;
      for (int d : p.deps()) {
        if (out.get(d) == WorkflowTaskStatus.COMPLETED) {
          c++;
        } else {
          bad++;
        }
      }
      boolean runs =
          switch (p.join()) {
            case ALL -> bad == 0 || p.allowFailed();
            case ANY -> c >= 1;
            case QUORUM -> c >= p.minSuccess();
          };
      out.add(
          !runs
              ? WorkflowTaskStatus.SKIPPED
              : p.fails() ? WorkflowTaskStatus.FAILED : WorkflowTaskStatus.COMPLETED);
    }
    return out;
  }

  private static long count(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
