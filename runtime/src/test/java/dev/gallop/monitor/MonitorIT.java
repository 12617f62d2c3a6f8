package dev.gallop.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gallop.Gallop;
import dev.gallop.Queue;
import dev.gallop.task.RetryPolicy;
import dev.gallop.task.SendOptions;
import dev.gallop.task.Task;
import dev.gallop.task.TaskInfo;
import dev.gallop.task.TaskResult;
import dev.gallop.task.TaskStatus;
import dev.gallop.testing.IntegrationTest;
import dev.gallop.worker.Worker;
import dev.gallop.workflow.JoinType;
import dev.gallop.workflow.TaskNode;
import dev.gallop.workflow.WorkflowHandle;
import dev.gallop.workflow.WorkflowInfo;
import dev.gallop.workflow.WorkflowStatus;
import dev.gallop.workflow.WorkflowTaskStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The monitoring views and the engine's metrics, on a real database. */
class MonitorIT extends IntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  record In(String label) {}

  private Task<In, String> echo(Gallop g) {
    return g.task("echo", In.class, String.class)
        .handler((in, ctx) -> TaskResult.ok("echo " + in.label()));
  }

  @Test
  void workflowsAreFilteredByStatusNameTimeAndDepthNewestFirst() {
    Task<In, String> echo = echo(gallop);
    startWorker();
    WorkflowHandle<?> a = start(echo, "nightly-etl", "a");
    WorkflowHandle<?> b = start(echo, "billing", "b");
    a.get(WAIT);
    b.get(WAIT);
    Instant between = Instant.now();
    await().atMost(WAIT).until(() -> Instant.now().isAfter(between));
    WorkflowHandle<?> c = start(echo, "Nightly-report", "c");
    c.get(WAIT);
    assertThat(c.pause()).isFalse(); // already terminal
    Monitor m = gallop.monitor();

    assertThat(ids(m.workflows(WorkflowQuery.recent()))).containsExactly("c", "b", "a");
    assertThat(ids(m.workflows(WorkflowQuery.recent().withNameContains("NIGHTLY"))))
        .containsExactly("c", "a");
    assertThat(ids(m.workflows(WorkflowQuery.recent().withCreatedAfter(between))))
        .containsExactly("c");
    assertThat(ids(m.workflows(WorkflowQuery.recent().withCreatedBefore(between))))
        .containsExactly("b", "a");
    assertThat(ids(m.workflows(WorkflowQuery.recent().withLimit(1)))).containsExactly("c");
    assertThat(
            m.workflows(
                WorkflowQuery.recent().withStatuses(Set.of(WorkflowStatus.RUNNING)).withLimit(5)))
        .isEmpty();
    assertThat(
            ids(m.workflows(WorkflowQuery.recent().withStatuses(Set.of(WorkflowStatus.COMPLETED)))))
        .containsExactly("c", "b", "a");
    assertThat(m.workflows(WorkflowQuery.recent().withTopLevelOnly(true))).hasSize(3);
  }

  @Test
  void aPausedWorkflowIsListedAsPaused() {
    Task<In, String> echo = echo(gallop);
    WorkflowHandle<?> p = start(echo, "held", "p"); // no worker yet: stays RUNNING
    assertThat(p.pause()).isTrue();
    assertThat(
            ids(
                gallop
                    .monitor()
                    .workflows(WorkflowQuery.recent().withStatuses(Set.of(WorkflowStatus.PAUSED)))))
        .containsExactly("p");
  }

  @Test
  void theGraphHasEveryNodeWithItsEdgesAndTheNodeViewItsResult() {
    Task<In, String> echo = echo(gallop);
    TaskNode<String> root = TaskNode.of(echo).input("label", "root").nodeId("root").build();
    TaskNode<String> left =
        TaskNode.of(echo).input("label", "l").nodeId("left").waitsFor(root).build();
    TaskNode<String> right =
        TaskNode.of(echo).input("label", "r").nodeId("right").waitsFor(root).build();
    TaskNode<String> join =
        TaskNode.of(echo)
            .input("label", "j")
            .nodeId("join")
            .waitsFor(left, right)
            .join(JoinType.ANY)
            .build();
    startWorker();
    WorkflowHandle<?> h =
        gallop.workflow("diamond").nodes(root, left, right, join).build().start("d1");
    h.get(WAIT);

    WorkflowGraph g = gallop.monitor().graph("d1").orElseThrow();
    assertThat(g.workflow().status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(g.nodes())
        .extracting(WorkflowGraph.Node::nodeId)
        .containsExactly("root", "left", "right", "join");
    assertThat(g.nodes().get(3).dependencies()).containsExactly(1, 2);
    assertThat(g.nodes().get(3).joinType()).isEqualTo(JoinType.ANY);
    assertThat(g.nodes().get(0).dependencies()).isEmpty();
    assertThat(g.nodes())
        .allSatisfy(n -> {
          assertThat(n.kind()).isEqualTo(WorkflowGraph.Kind.TASK);
          assertThat(n.status()).isEqualTo(WorkflowTaskStatus.COMPLETED);
          assertThat(n.taskId()).isNotNull();
          assertThat(n.completedAt()).isNotNull();
        });
    assertThat(gallop.monitor().node("d1", 1).orElseThrow().result())
        .isEqualTo(TaskResult.ok("echo l"));
    assertThat(gallop.monitor().node("d1", 9)).isEmpty();
    assertThat(gallop.monitor().graph("nope")).isEmpty();
  }

  @Test
  void tasksQueueStatsAndWorkersReflectTheDatabase() throws Exception {
    Gallop g = newEngine(b -> b.queue(Queue.of("fast", 1)).queue(Queue.capped("slow", 2, 3)));
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    Task<In, String> blocker =
        g.task("blocker", In.class, String.class)
            .queue("slow")
            .handler((in, ctx) -> {
              running.countDown();
              release.await(30, TimeUnit.SECONDS);
              return TaskResult.ok("done");
            });
    Task<In, String> flaky =
        g.task("flaky", In.class, String.class)
            .queue("fast")
            .retryPolicy(RetryPolicy.fixed(List.of(Duration.ofSeconds(1)), "AGAIN"))
            .handler((in, ctx) ->
                ctx.attempt() == 1 ? TaskResult.err("AGAIN", "first try") : TaskResult.ok("ok"));
    flaky.send(new In("x"), SendOptions.withId("f1"));
    blocker.send(new In("later"), SendOptions.none().taskId("later").delay(Duration.ofHours(1)));
    blocker.send(new In("b"), SendOptions.withId("b1"));
    Worker w = startWorker(g, fastWorker().concurrency(2).build());
    assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(g.taskHandle("f1").get(WAIT).isOk()).isTrue();
    Monitor m = g.monitor();

    TaskInfo f1 = m.task("f1").orElseThrow();
    assertThat(f1.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(f1.attempts()).extracting(a -> a.outcome()).containsExactly("FAILED", "COMPLETED");
    assertThat(f1.attempts().get(0).errorCode()).isEqualTo("AGAIN");
    assertThat(m.task("missing")).isEmpty();
    assertThat(m.tasks(TaskQuery.recent().withTaskName("blocker")))
        .extracting(TaskInfo::taskId)
        .containsExactlyInAnyOrder("b1", "later");
    assertThat(m.tasks(TaskQuery.recent().withStatuses(Set.of(TaskStatus.RUNNING))))
        .extracting(TaskInfo::taskId)
        .containsExactly("b1");
    assertThat(m.tasks(TaskQuery.recent().withQueue("fast")))
        .singleElement()
        .satisfies(t -> assertThat(t.attempts()).hasSize(2));
    assertThat(m.tasks(TaskQuery.recent().withWorkflowId("none"))).isEmpty();

    assertThat(m.queues())
        .containsExactly(
            new QueueStats("fast", 1, null, 0, 0, 0, 0), new QueueStats("slow", 2, 3, 0, 1, 0, 1));

    WorkerStatus ws = m.workers().get(0);
    assertThat(ws.workerId()).isEqualTo(w.workerId());
    assertThat(ws.alive()).isTrue();
    assertThat(ws.inFlight()).isEqualTo(1);
    assertThat(ws.queues()).containsExactly("fast", "slow");
    assertThat(ws.concurrency()).isEqualTo(2);

    release.countDown();
    w.shutdown();
    assertThat(w.awaitTermination(WAIT)).isTrue();
    WorkerStatus stopped = m.workers().get(0);
    assertThat(stopped.alive()).isFalse();
    assertThat(stopped.stoppedAt()).isNotNull();
    assertThat(stopped.inFlight()).isZero();
  }

  @Test
  void queriesRejectBadLimitsAndReversedTimesNamingTheValue() {
    assertThatThrownBy(() -> WorkflowQuery.recent().withLimit(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be 1..1000, was 0");
    assertThatThrownBy(() -> TaskQuery.recent().withLimit(1001))
        .hasMessage("limit must be 1..1000, was 1001");
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    assertThatThrownBy(() -> WorkflowQuery.recent().withCreatedAfter(t).withCreatedBefore(t))
        .hasMessageContaining("createdAfter must be before createdBefore");
  }

  @Test
  void metricsCountTasksWorkflowsAndClaimsByQueueAndName() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Gallop g = newEngine(b -> b.meterRegistry(registry));
    Task<In, String> echo = echo(g);
    Task<In, String> bad =
        g.task("bad", In.class, String.class).handler((in, ctx) -> TaskResult.err("NOPE", "no"));
    startWorker(g, fastWorker().build());
    echo.sendAll(List.of(new In("1"), new In("2")));
    assertThat(bad.send(new In("x")).get(WAIT).isErr()).isTrue();
    TaskNode<String> n = TaskNode.of(echo).input("label", "w").build();
    g.workflow("metered").nodes(n).build().start().get(WAIT);

    await()
        .atMost(WAIT)
        .untilAsserted(() -> {
          assertThat(count(registry, "gallop.tasks.completed", "task", "echo")).isEqualTo(3);
          assertThat(count(registry, "gallop.tasks.failed", "task", "bad")).isEqualTo(1);
        });
    assertThat(count(registry, "gallop.tasks.enqueued", "task", "echo")).isEqualTo(2);
    assertThat(count(registry, "gallop.tasks.started", "queue", "default")).isEqualTo(4);
    assertThat(count(registry, "gallop.workflows.started", "workflow", "metered")).isEqualTo(1);
    assertThat(
            registry
                .get("gallop.workflows.finished")
                .tags("workflow", "metered", "status", "COMPLETED")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("gallop.task.duration").tags("task", "bad").timer().count())
        .isEqualTo(1);
    assertThat(registry.get("gallop.task.queue.wait").tags("task", "echo").timer().count())
        .isEqualTo(3);
    assertThat(registry.get("gallop.claim.latency").timer().count()).isPositive();
    assertThat(registry.get("gallop.tasks.in.flight").gauge().value()).isZero();
  }

  private static double count(SimpleMeterRegistry r, String name, String tag, String value) {
    return r.get(name).tags(tag, value).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private WorkflowHandle<?> start(Task<In, String> t, String name, String id) {
    TaskNode<String> n = TaskNode.of(t).input("label", id).build();
    return gallop.workflow(name).nodes(n).build().start(id);
  }

  private static List<String> ids(List<WorkflowInfo> rows) {
    return rows.stream().map(WorkflowInfo::workflowId).toList();
  }
}
