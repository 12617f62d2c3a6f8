package dev.gallop.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gallop.task.BuiltInCode;
import dev.gallop.task.RetryPolicy;
import dev.gallop.task.Task;
import dev.gallop.task.TaskAttempt;
import dev.gallop.task.TaskInfo;
import dev.gallop.task.TaskResult;
import dev.gallop.task.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Scenarios 60-63: retries, crashed workers, expiry, requeued claims. */
class RecoveryScenariosIT extends WorkflowTestBase {

  @Test
  void s60_retryKeepsTheNodeRunningThenCompletes() {
    AtomicInteger calls = new AtomicInteger();
    Task<Op, String> flaky =
        gallop
            .task("flaky", Op.class, String.class)
            .retryPolicy(RetryPolicy.exponential(Duration.ofSeconds(1), 3, "RETRY_NEEDED"))
            .handler((in, ctx) ->
                calls.incrementAndGet() == 1
                    ? TaskResult.err("RETRY_NEEDED", "once")
                    : TaskResult.ok("ok"));
    TaskNode<String> n =
        TaskNode.of(flaky).input("label", "N").input("sleepMs", 0).nodeId("N").build();
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("retry").nodes(n).build().start();
    await().atMost(WAIT).until(() -> calls.get() == 1);
    await().atMost(WAIT).until(() -> sqlLong("select retry_count from gallop_tasks") == 1);
    if (calls.get() == 1) {
      assertThat(statusOf(h, "N")).isEqualTo(WorkflowTaskStatus.RUNNING);
    }
    assertThat(h.get(WAIT).isOk()).isTrue();
    assertThat(h.status()).isEqualTo(WorkflowStatus.COMPLETED);
  }

  @Test
  void s60_exhaustedRetriesFailTheNodeWithFourAttempts() {
    Task<Op, String> always =
        gallop
            .task("always", Op.class, String.class)
            .retryPolicy(
                RetryPolicy.exponential(Duration.ofSeconds(1), 3, "RETRY_NEEDED").withJitter(false))
            .handler((in, ctx) -> TaskResult.err("RETRY_NEEDED", "never"));
    TaskNode<String> n =
        TaskNode.of(always).input("label", "N").input("sleepMs", 0).nodeId("N").build();
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("retry").nodes(n).build().start();
    assertThat(h.get(Duration.ofSeconds(40)).hasCode("RETRY_NEEDED")).isTrue();
    TaskInfo info = gallop.taskHandle(node(h.tasks(), "N").taskId()).info();
    assertThat(info.attempts()).hasSize(4);
    assertThat(statusOf(h, "N")).isEqualTo(WorkflowTaskStatus.FAILED);
    assertThat(h.status()).isEqualTo(WorkflowStatus.FAILED);
  }

  @Test
  void s61_crashedWorkerFailsItsNodesWithWorkerCrashedAndTheDagContinues() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Map<String, AtomicInteger> started = new ConcurrentHashMap<>();
    // the "crashing" process: its bodies hang and it stops heartbeating (long intervals)
    var dying = newEngine(b -> b);
    Task<Op, String> hang =
        dying
            .task("op", Op.class, String.class)
            .handler((in, ctx) -> {
              started.computeIfAbsent(in.label(), k -> new AtomicInteger()).incrementAndGet();
              if (in.label().equals("C") || in.label().equals("D")) {
                release.await(60, TimeUnit.SECONDS);
              }
              return TaskResult.ok(in.label());
            });
    TaskNode<String> a =
        TaskNode.of(hang).input("label", "A").input("sleepMs", 0).nodeId("A").build();
    TaskNode<String> c =
        TaskNode.of(hang).input("label", "C").input("sleepMs", 0).nodeId("C").waitsFor(a).build();
    TaskNode<String> d =
        TaskNode.of(hang).input("label", "D").input("sleepMs", 0).nodeId("D").waitsFor(a).build();
    TaskNode<String> e =
        TaskNode.of(hang)
            .input("label", "E")
            .input("sleepMs", 0)
            .nodeId("E")
            .waitsFor(c, d)
            .allowFailedDeps()
            .build();
    TaskNode<String> f =
        TaskNode.of(hang).input("label", "F").input("sleepMs", 0).nodeId("F").waitsFor(e).build();
    var dyingWorker =
        startWorker(
            dying,
            fastWorker()
                .concurrency(4)
                .runnerHeartbeatInterval(Duration.ofMinutes(1))
                .runningStaleThreshold(Duration.ofMinutes(5))
                .recoveryCheckInterval(Duration.ofMinutes(5))
                .build());
    WorkflowHandle<?> h = dying.workflow("crash").nodes(a, c, d, e, f).build().start();
    await().atMost(WAIT).until(() -> started.containsKey("C") && started.containsKey("D"));
    // the replacement process: its recovery finds C and D stale
    startWorker(fastWorker().runningStaleThreshold(Duration.ofSeconds(3)).build());
    try {
      assertThat(h.get(WAIT).hasCode(BuiltInCode.WORKER_CRASHED)).isTrue();
      assertThat(statusOf(h, "C")).isEqualTo(WorkflowTaskStatus.FAILED);
      assertThat(statusOf(h, "D")).isEqualTo(WorkflowTaskStatus.FAILED);
      assertThat(h.resultFor(c).hasCode(BuiltInCode.WORKER_CRASHED)).isTrue();
      assertThat(statusOf(h, "E")).isEqualTo(WorkflowTaskStatus.COMPLETED);
      assertThat(statusOf(h, "F")).isEqualTo(WorkflowTaskStatus.COMPLETED);
      assertThat(h.status()).isEqualTo(WorkflowStatus.FAILED);
      TaskInfo cTask = gallop.taskHandle(node(h.tasks(), "C").taskId()).info();
      assertThat(cTask.attempts())
          .extracting(TaskAttempt::outcome)
          .containsExactly("WORKER_FAILURE");
    } finally {
      release.countDown();
    }
    // the stale worker's late results are dropped: the nodes keep WORKER_CRASHED
    dyingWorker.close();
    assertThat(h.resultFor(c).hasCode(BuiltInCode.WORKER_CRASHED)).isTrue();
    assertThat(h.status()).isEqualTo(WorkflowStatus.FAILED);
  }

  @Test
  void s62_goodUntilPassingAfterEnqueueExpiresTheNode() {
    TaskNode<String> n = step("N").goodUntil(Instant.now().plusMillis(500)).build();
    WorkflowHandle<?> h = gallop.workflow("expiry").nodes(n).build().start();
    await()
        .atMost(WAIT)
        .until(() -> sqlLong("select count(*) from gallop_tasks where good_until < now()") == 1);
    startWorker();
    assertThat(h.get(WAIT).hasCode(BuiltInCode.TASK_EXPIRED)).isTrue();
    WorkflowTaskInfo info = node(h.tasks(), "N");
    assertThat(info.status()).isEqualTo(WorkflowTaskStatus.FAILED);
    assertThat(info.startedAt()).isNull();
    assertThat(gallop.taskHandle(info.taskId()).info().status()).isEqualTo(TaskStatus.EXPIRED);
    assertThat(runs).doesNotContainKey("N");
  }

  @Test
  void s62_rootAlreadyPastGoodUntilFailsAtStart() {
    TaskNode<String> late = step("LATE").goodUntil(Instant.now().minusSeconds(1)).build();
    TaskNode<String> later = ok("AFTER", late);
    WorkflowHandle<?> h = gallop.workflow("expired").nodes(late, later).build().start();
    assertThat(h.status()).isEqualTo(WorkflowStatus.FAILED);
    WorkflowTaskInfo info = node(h.tasks(), "LATE");
    assertThat(info.status()).isEqualTo(WorkflowTaskStatus.FAILED);
    assertThat(info.startedAt()).isNull();
    assertThat(info.result().hasCode(BuiltInCode.TASK_EXPIRED)).isTrue();
    assertThat(gallop.taskHandle(info.taskId()).info().status()).isEqualTo(TaskStatus.EXPIRED);
    assertThat(statusOf(h, "AFTER")).isEqualTo(WorkflowTaskStatus.SKIPPED);
    assertThat(h.get(Duration.ZERO).hasCode(BuiltInCode.TASK_EXPIRED)).isTrue();
  }

  @Test
  void s62_futureGoodUntilCompletesNormally() {
    startWorker();
    WorkflowHandle<?> h =
        gallop
            .workflow("fine")
            .nodes(step("N").goodUntil(Instant.now().plusSeconds(60)).build())
            .build()
            .start();
    assertThat(h.get(WAIT).isOk()).isTrue();
  }

  @Test
  void s63_prefetchWithShortLeasesNeverRunsABodyTwice() {
    Map<String, AtomicInteger> count = new ConcurrentHashMap<>();
    Task<Op, String> t =
        gallop
            .task("counted", Op.class, String.class)
            .handler((in, ctx) -> {
              count.computeIfAbsent(in.label(), k -> new AtomicInteger()).incrementAndGet();
              Thread.sleep(in.sleepMs());
              return TaskResult.ok(in.label());
            });
    java.util.List<TaskNode<String>> nodes = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      nodes.add(
          TaskNode.of(t).input("label", "n" + i).input("sleepMs", 30).nodeId("n" + i).build());
    }
    var opts =
        fastWorker()
            .concurrency(2)
            .prefetchBuffer(4)
            .claimLease(Duration.ofSeconds(2))
            .claimedStaleThreshold(Duration.ofSeconds(2))
            .build();
    startWorker(opts);
    startWorker(opts);
    WorkflowHandle<?> h = gallop.workflow("prefetch").nodes(nodes).build().start();
    assertThat(h.get(Duration.ofSeconds(60)).isOk()).isTrue();
    assertThat(count).hasSize(60);
    assertThat(count.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
  }
}
