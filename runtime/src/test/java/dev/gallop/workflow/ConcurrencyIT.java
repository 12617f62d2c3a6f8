package dev.gallop.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gallop.task.Task;
import dev.gallop.task.TaskResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Many workers racing on one workflow: completions, pause and cancel; and 10,000-node graphs. */
class ConcurrencyIT extends WorkflowTestBase {
  record Tick(int i, long sleepMs) {}

  private final Map<Integer, AtomicInteger> ticks = new ConcurrentHashMap<>();
  private final AtomicLong lastStartNanos = new AtomicLong();

  private Task<Tick, Integer> tick() {
    return gallop
        .task("tick", Tick.class, Integer.class)
        .handler((in, ctx) -> {
          lastStartNanos.set(System.nanoTime());
          ticks.computeIfAbsent(in.i(), k -> new AtomicInteger()).incrementAndGet();
          if (in.sleepMs() > 0) {
            Thread.sleep(in.sleepMs());
          }
          return TaskResult.ok(in.i());
        });
  }

  private List<WorkflowNode<?>> fan(Task<Tick, Integer> t, int width, long sleepMs) {
    TaskNode<Integer> root =
        TaskNode.of(t).input("i", -1).input("sleepMs", 0).nodeId("root").build();
    List<WorkflowNode<?>> nodes = new ArrayList<>();
    nodes.add(root);
    for (int i = 0; i < width; i++) {
      nodes.add(
          TaskNode.of(t)
              .input("i", i)
              .input("sleepMs", sleepMs)
              .nodeId("b" + i)
              .waitsFor(root)
              .build());
    }
    nodes.add(
        TaskNode.of(t)
            .input("i", -2)
            .input("sleepMs", 0)
            .nodeId("join")
            .waitsFor(nodes.subList(1, nodes.size()).toArray(new WorkflowNode<?>[0]))
            .build());
    return nodes;
  }

  @Test
  void twoHundredSiblingsCompletingConcurrentlyEnqueueTheJoinExactlyOnce() {
    Task<Tick, Integer> t = tick();
    var opts = fastWorker().concurrency(8).maxClaimBatch(8).build();
    startWorker(opts);
    startWorker(opts);
    startWorker(opts);
    WorkflowHandle<?> h = gallop.workflow("wide").nodes(fan(t, 200, 0)).build().start();
    assertThat(h.get(Duration.ofSeconds(60)).isOk()).isTrue();
    assertThat(ticks.get(-2).get()).isEqualTo(1);
    assertThat(ticks).hasSize(202);
    assertThat(ticks.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
    assertThat(sqlLong("select deps_completed from gallop_workflow_nodes where node_id = 'join'"))
        .isEqualTo(200);
    assertThat(sqlLong("select count(*) from gallop_tasks where node_index = 201")).isEqualTo(1);
    assertThat(sqlLong("select terminal_count from gallop_workflows")).isEqualTo(202);
  }

  @Test
  void pauseRacingWithCompletionsStopsNewStartsAndResumeRunsEachNodeOnce() {
    Task<Tick, Integer> t = tick();
    var opts = fastWorker().concurrency(6).maxClaimBatch(6).build();
    startWorker(opts);
    startWorker(opts);
    WorkflowHandle<?> h = gallop.workflow("pausing").nodes(fan(t, 80, 40)).build().start();
    await().atMost(WAIT).until(() -> ticks.size() > 10);
    assertThat(h.pause()).isTrue();
    long pausedAt = System.nanoTime();
    // every body that starts after the pause committed would be a bug; running ones may finish
    await()
        .atMost(WAIT)
        .until(() ->
            sqlLong("select count(*) from gallop_tasks where status in ('RUNNING', 'CLAIMED')")
                == 0);
    assertThat(lastStartNanos.get()).isLessThan(pausedAt);
    assertThat(h.status()).isEqualTo(WorkflowStatus.PAUSED);
    long enqueued = sqlLong("select count(*) from gallop_workflow_nodes where status = 'ENQUEUED'");
    assertThat(
            enqueued
                + sqlLong("select count(*) from gallop_workflow_nodes where status = 'COMPLETED'"))
        .isEqualTo(81);
    assertThat(h.resume()).isTrue();
    assertThat(h.get(Duration.ofSeconds(60)).isOk()).isTrue();
    assertThat(ticks).hasSize(82);
    assertThat(ticks.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
    assertThat(sqlLong("select count(*) from gallop_tasks")).isEqualTo(82);
  }

  @Test
  void cancelRacingWithCompletionsIsFinal() {
    Task<Tick, Integer> t = tick();
    var opts = fastWorker().concurrency(6).maxClaimBatch(6).build();
    startWorker(opts);
    startWorker(opts);
    WorkflowHandle<?> h = gallop.workflow("cancelling").nodes(fan(t, 80, 40)).build().start();
    await().atMost(WAIT).until(() -> ticks.size() > 10);
    h.cancel();
    long cancelledAt = System.nanoTime();
    var completedAt = h.info().completedAt();
    await()
        .atMost(WAIT)
        .until(() ->
            sqlLong(
                    "select count(*) from gallop_tasks where status in ('RUNNING', 'CLAIMED', 'PENDING')")
                == 0);
    assertThat(lastStartNanos.get()).isLessThan(cancelledAt);
    assertThat(h.status()).isEqualTo(WorkflowStatus.CANCELLED);
    assertThat(h.info().completedAt()).isEqualTo(completedAt);
    assertThat(
            sqlLong(
                "select count(*) from gallop_workflow_nodes where status in ('PENDING', 'READY', 'ENQUEUED', 'RUNNING')"))
        .isZero();
    assertThat(ticks.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
    assertThat(ticks).doesNotContainKey(-2);
    assertThat(h.get(Duration.ZERO).hasCode(dev.gallop.task.BuiltInCode.WORKFLOW_CANCELLED))
        .isTrue();
  }

  @Test
  void tenThousandNodeFanOutFanInStartsAndFinishes() {
    Task<Tick, Integer> t = tick();
    List<WorkflowNode<?>> nodes = fan(t, 9_998, 0);
    WorkflowSpec<Integer> spec =
        gallop.workflow("huge").nodes(nodes).output((TaskNode<Integer>) nodes.get(9_999)).build();
    WorkflowHandle<Integer> h = spec.start();
    assertThat(sqlLong("select count(*) from gallop_workflow_nodes")).isEqualTo(10_000);
    var opts = fastWorker().concurrency(8).maxClaimBatch(32).build();
    startWorker(opts);
    startWorker(opts);
    assertThat(h.get(Duration.ofMinutes(4))).isEqualTo(TaskResult.ok(-2));
    assertThat(ticks).hasSize(10_000);
  }

  @Test
  void tenThousandIndependentRootsGiveATenThousandEntrySinkMap() {
    Task<Tick, Integer> t = tick();
    List<WorkflowNode<?>> nodes = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      nodes.add(TaskNode.of(t).input("i", i).input("sleepMs", 0).build());
    }
    WorkflowHandle<Map<String, TaskResult<?>>> h =
        gallop.workflow("roots").nodes(nodes).build().start();
    assertThat(sqlLong("select count(*) from gallop_tasks")).isEqualTo(10_000);
    var opts = fastWorker().concurrency(8).maxClaimBatch(32).build();
    startWorker(opts);
    startWorker(opts);
    Map<String, TaskResult<?>> m = h.get(Duration.ofMinutes(4)).okValue();
    assertThat(m).hasSize(10_000);
    assertThat(m.get("roots:9999")).isEqualTo(TaskResult.ok(9999));
  }
}
