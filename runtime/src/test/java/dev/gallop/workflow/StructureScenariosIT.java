package dev.gallop.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gallop.Gallop;
import dev.gallop.Queue;
import dev.gallop.task.Task;
import dev.gallop.task.TaskResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Scenarios 1-11: structure and happy paths. */
class StructureScenariosIT extends WorkflowTestBase {

  @Test
  void s01_chainRunsInOrderAndRecordsTimes() {
    TaskNode<String> a = ok("A");
    TaskNode<String> b = ok("B", a);
    TaskNode<String> c = ok("C", b);
    startWorker();
    WorkflowHandle<Map<String, TaskResult<?>>> h =
        gallop.workflow("chain").nodes(a, b, c).build().start();
    assertThat(h.get(WAIT).isOk()).isTrue();
    assertThat(h.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(spans.get("B")[0]).isGreaterThan(spans.get("A")[1]);
    assertThat(spans.get("C")[0]).isGreaterThan(spans.get("B")[1]);
    assertThat(h.tasks())
        .allSatisfy(t -> {
          assertThat(t.startedAt()).isNotNull();
          assertThat(t.completedAt()).isNotNull();
          assertThat(t.status()).isEqualTo(WorkflowTaskStatus.COMPLETED);
        });
    WorkflowInfo info = h.info();
    assertThat(info.completedAt()).isNotNull();
    assertThat(info.depth()).isZero();
    assertThat(info.rootWorkflowId()).isEqualTo(h.workflowId());
  }

  @Test
  void s02_singleNodeWithoutIdGivesSinkMap() {
    TaskNode<Integer> n = TaskNode.of(num).input("value", 7).build();
    startWorker();
    WorkflowHandle<Map<String, TaskResult<?>>> h = gallop.workflow("solo").nodes(n).build().start();
    TaskResult<Map<String, TaskResult<?>>> r = h.get(WAIT);
    assertThat(r).isEqualTo(TaskResult.ok(Map.of("solo:0", TaskResult.ok(7))));
    assertThat(n.nodeId()).contains("solo:0");
    assertThat(n.index()).hasValue(0);
  }

  @Test
  void s03_siblingsOverlapWithFourSlotsAndSerializeWithOne() {
    runFanOut(4);
    long[] b = spans.get("B");
    long[] c = spans.get("C");
    long[] d = spans.get("D");
    assertThat(Math.max(b[0], Math.max(c[0], d[0])))
        .isLessThan(Math.min(b[1], Math.min(c[1], d[1])));
    spans.clear();
    runFanOut(1);
    List<long[]> s =
        new java.util.ArrayList<>(List.of(spans.get("B"), spans.get("C"), spans.get("D")));
    s.sort((x, y) -> Long.compare(x[0], y[0]));
    assertThat(s.get(1)[0]).isGreaterThanOrEqualTo(s.get(0)[1]);
    assertThat(s.get(2)[0]).isGreaterThanOrEqualTo(s.get(1)[1]);
  }

  private void runFanOut(int slots) {
    var w = startWorker(fastWorker().concurrency(slots).build());
    TaskNode<String> a = ok("A");
    WorkflowHandle<?> h =
        gallop
            .workflow("fan")
            .nodes(a, slow("B", 300, a), slow("C", 300, a), slow("D", 300, a))
            .build()
            .start();
    assertThat(h.get(WAIT).isOk()).isTrue();
    w.close();
  }

  @Test
  void s04_joinWaitsForTheLastDependency() {
    TaskNode<String> a = ok("A");
    TaskNode<String> b = slow("B", 200);
    TaskNode<String> c = slow("C", 1500);
    TaskNode<String> d = ok("D", a, b, c);
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("join").nodes(a, b, c, d).build().start();
    awaitNode(h, "B", WorkflowTaskStatus.COMPLETED);
    assertThat(statusOf(h, "D")).isEqualTo(WorkflowTaskStatus.PENDING);
    assertThat(h.get(WAIT).isOk()).isTrue();
    assertThat(spans.get("D")[0]).isGreaterThan(spans.get("C")[1]);
  }

  @Test
  void s05_diamondWaitsForTheSlowerBranch() {
    TaskNode<String> a = ok("A");
    TaskNode<String> b = slow("B", 50, a);
    TaskNode<String> c = slow("C", 800, a);
    TaskNode<String> d = ok("D", b, c);
    startWorker();
    assertThat(gallop.workflow("diamond").nodes(a, b, c, d).build().start().get(WAIT).isOk())
        .isTrue();
    assertThat(spans.get("D")[0]).isGreaterThan(spans.get("C")[1]);
  }

  @Test
  void s06_startEnqueuesRootsOnly() {
    TaskNode<String> a = ok("A");
    TaskNode<String> b = ok("B");
    TaskNode<String> c = ok("C", a, b);
    WorkflowHandle<?> h = gallop.workflow("roots").nodes(a, b, c).build().start();
    List<WorkflowTaskInfo> t = h.tasks();
    assertThat(node(t, "A").status()).isEqualTo(WorkflowTaskStatus.ENQUEUED);
    assertThat(node(t, "B").status()).isEqualTo(WorkflowTaskStatus.ENQUEUED);
    assertThat(node(t, "C").status()).isEqualTo(WorkflowTaskStatus.PENDING);
    assertThat(node(t, "A").taskId()).isNotNull();
    assertThat(node(t, "A").startedAt()).isNull();
    assertThat(h.status()).isEqualTo(WorkflowStatus.RUNNING);
  }

  @Test
  void s07_tenWayFanInRunsTheJoinOnce() {
    TaskNode<String> a = ok("A");
    List<TaskNode<String>> bs = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      bs.add(ok("B" + i, a));
    }
    TaskNode<String> c = ok("C", bs.toArray(new WorkflowNode<?>[0]));
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("fanin").nodes(a).nodes(bs).nodes(c).build().start();
    assertThat(h.get(WAIT).isOk()).isTrue();
    assertThat(runs.get("C").get()).isEqualTo(1);
    assertThat(h.status()).isEqualTo(WorkflowStatus.COMPLETED);
  }

  @Test
  void s08_outputNodeResultIsReturned() {
    TaskNode<String> a = ok("A");
    TaskNode<Integer> fin = TaskNode.of(num).input("value", 42).nodeId("final").waitsFor(a).build();
    startWorker();
    WorkflowHandle<Integer> h = gallop.workflow("out").nodes(a, fin).output(fin).build().start();
    assertThat(h.get(WAIT)).isEqualTo(TaskResult.ok(42));
    assertThat(h.get(WAIT)).isEqualTo(h.resultFor(fin));
  }

  @Test
  void s09_generatedIdsKeyTheSinkMap() {
    TaskNode<String> a = TaskNode.of(op).input("label", "a").input("sleepMs", 0).build();
    TaskNode<String> b =
        TaskNode.of(op).input("label", "b").input("sleepMs", 0).waitsFor(a).build();
    TaskNode<String> c =
        TaskNode.of(op).input("label", "c").input("sleepMs", 0).waitsFor(a).build();
    TaskNode<String> d =
        TaskNode.of(op).input("label", "d").input("sleepMs", 0).waitsFor(a).build();
    startWorker();
    TaskResult<Map<String, TaskResult<?>>> r =
        gallop.workflow("fan out").nodes(a, b, c, d).build().start().get(WAIT);
    assertThat(r.okValue()).containsOnlyKeys("fan_out:1", "fan_out:2", "fan_out:3");
    assertThat(r.okValue().values()).allSatisfy(v -> assertThat(v.isOk()).isTrue());
  }

  @Test
  void s10_sameTaskTwiceGivesTwoKeys() {
    TaskNode<Integer> x = TaskNode.of(num).input("value", 1).build();
    TaskNode<Integer> y = TaskNode.of(num).input("value", 2).build();
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("wf").nodes(x, y).build().start();
    h.get(WAIT);
    assertThat(h.results()).containsOnlyKeys("wf:0", "wf:1");
    assertThat(h.results().get("wf:1")).isEqualTo(TaskResult.ok(2));
  }

  @Test
  void s11_moreUrgentSiblingIsClaimedFirst() {
    Gallop custom = newEngine(b -> b.queue(Queue.of("work", 50)));
    List<String> order = new CopyOnWriteArrayList<>();
    Task<Op, String> t =
        custom
            .task("op", Op.class, String.class)
            .queue("work")
            .handler((in, ctx) -> {
              order.add(in.label());
              return TaskResult.ok(in.label());
            });
    TaskNode<String> a = TaskNode.of(t).input("label", "A").input("sleepMs", 0).nodeId("A").build();
    TaskNode<String> c =
        TaskNode.of(t)
            .input("label", "C")
            .input("sleepMs", 0)
            .nodeId("C")
            .priority(50)
            .waitsFor(a)
            .build();
    TaskNode<String> b =
        TaskNode.of(t)
            .input("label", "B")
            .input("sleepMs", 0)
            .nodeId("B")
            .priority(10)
            .waitsFor(a)
            .build();
    WorkflowHandle<?> h = custom.workflow("prio").nodes(a, c, b).build().start();
    startWorker(custom, fastWorker().concurrency(1).maxClaimBatch(1).build());
    assertThat(h.get(WAIT).isOk()).isTrue();
    assertThat(order).containsExactly("A", "B", "C");
  }

  @Test
  void metaInputIsFilledByTheWorker() {
    TaskNode<String> m = TaskNode.of(meta).nodeId("M").build();
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("meta").nodes(ok("A"), m).build().start();
    h.get(WAIT);
    assertThat(seen.get("meta")).isEqualTo(new WorkflowMeta(h.workflowId(), 1, "meta"));
  }
}
