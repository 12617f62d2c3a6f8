package dev.gallop.workflow;

import static org.awaitility.Awaitility.await;

import dev.gallop.task.Task;
import dev.gallop.task.TaskResult;
import dev.gallop.testing.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;

/** Tasks and helpers shared by the workflow scenario tests. */
abstract class WorkflowTestBase extends IntegrationTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  /** A step: sleeps, then returns its label or fails with a code. */
  record Op(String label, long sleepMs, @Nullable String failWith) {}

  record Num(int value) {}

  record Consume(@Nullable TaskResult<String> x) {}

  record Pair(@Nullable TaskResult<String> b, @Nullable TaskResult<String> c) {}

  record WithCtx(@Nullable TaskResult<String> b, WorkflowContext ctx) {}

  record Meta(WorkflowMeta meta) {}

  /** When each label's body started and ended (nanoTime), and how often it ran. */
  final Map<String, long[]> spans = new ConcurrentHashMap<>();

  final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  final Map<String, Object> seen = new ConcurrentHashMap<>();

  Task<Op, String> op;
  Task<Num, Integer> num;
  Task<Consume, String> consume;
  Task<Pair, String> pair;
  Task<WithCtx, String> withCtx;
  Task<Meta, String> meta;

  @BeforeEach
  void registerTasks() {
    op =
        gallop
            .task("op", Op.class, String.class)
            .handler((in, ctx) -> {
              long start = System.nanoTime();
              runs.computeIfAbsent(in.label(), k -> new AtomicInteger()).incrementAndGet();
              if (in.sleepMs() > 0) {
                Thread.sleep(in.sleepMs()); // simulated work duration
              }
              spans.put(in.label(), new long[] {start, System.nanoTime()});
              return in.failWith() == null
                  ? TaskResult.ok(in.label())
                  : TaskResult.err(in.failWith(), in.label() + " failed");
            });
    num =
        gallop
            .task("num", Num.class, Integer.class)
            .handler((in, ctx) -> TaskResult.ok(in.value()));
    consume =
        gallop
            .task("consume", Consume.class, String.class)
            .handler((in, ctx) -> {
              seen.put("x", in.x() == null ? "null" : in.x());
              return TaskResult.ok("consumed");
            });
    pair =
        gallop
            .task("pair", Pair.class, String.class)
            .handler((in, ctx) -> {
              seen.put("b", in.b());
              seen.put("c", in.c());
              return TaskResult.ok("paired");
            });
    withCtx =
        gallop
            .task("withCtx", WithCtx.class, String.class)
            .handler((in, ctx) -> {
              seen.put("b", in.b());
              seen.put("ctxB", in.ctx().resultFor(NodeKey.of("B")));
              return TaskResult.ok("ctx");
            });
    meta =
        gallop
            .task("meta", Meta.class, String.class)
            .handler((in, ctx) -> {
              seen.put("meta", in.meta());
              return TaskResult.ok(in.meta().workflowId());
            });
  }

  TaskNode.Builder<String> step(String id, WorkflowNode<?>... deps) {
    return step(id, 0, null, deps);
  }

  TaskNode.Builder<String> step(
      String id, long sleepMs, @Nullable String failWith, WorkflowNode<?>... deps) {
    return TaskNode.of(op)
        .input("label", id)
        .input("sleepMs", sleepMs)
        .input("failWith", failWith)
        .nodeId(id)
        .waitsFor(deps);
  }

  TaskNode<String> ok(String id, WorkflowNode<?>... deps) {
    return step(id, deps).build();
  }

  TaskNode<String> fail(String id, String code, WorkflowNode<?>... deps) {
    return step(id, 0, code, deps).build();
  }

  TaskNode<String> slow(String id, long ms, WorkflowNode<?>... deps) {
    return step(id, ms, null, deps).build();
  }

  static WorkflowTaskInfo node(List<WorkflowTaskInfo> infos, String id) {
    return infos.stream().filter(i -> i.nodeId().equals(id)).findFirst().orElseThrow();
  }

  static WorkflowTaskStatus statusOf(WorkflowHandle<?> h, String id) {
    return node(h.tasks(), id).status();
  }

  void awaitNode(WorkflowHandle<?> h, String id, WorkflowTaskStatus status) {
    await().atMost(WAIT).until(() -> statusOf(h, id) == status);
  }

  void awaitStatus(WorkflowHandle<?> h, WorkflowStatus status) {
    await().atMost(WAIT).until(() -> h.status() == status);
  }
}
