package dev.gallop.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gallop.error.WorkflowHandleException;
import dev.gallop.error.WorkflowStartException;
import dev.gallop.task.BuiltInCode;
import dev.gallop.task.RetryPolicy;
import dev.gallop.task.Task;
import dev.gallop.task.TaskInfo;
import dev.gallop.task.TaskResult;
import dev.gallop.task.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Scenarios 32-47: pause, resume, cancel, the handle API, start and idempotency. */
@SuppressWarnings("unchecked")
class ControlScenariosIT extends WorkflowTestBase {

  @Test
  void s32_s33_pauseOnErrorKeepsTheErrorAndResumeFinishes() {
    TaskNode<String> a = ok("A");
    TaskNode<String> b = fail("B", "B_FAIL", a);
    TaskNode<String> c = ok("C", b);
    startWorker();
    WorkflowHandle<?> h =
        gallop.workflow("pausing").nodes(a, b, c).onError(OnError.PAUSE).build().start();
    TaskResult<?> paused = h.get(WAIT);
    assertThat(paused.hasCode(BuiltInCode.WORKFLOW_PAUSED)).isTrue();
    Map<String, Object> data = (Map<String, Object>) paused.errValue().data();
    assertThat((Map<String, Object>) data.get("error")).containsEntry("errorCode", "B_FAIL");
    assertThat(h.status()).isEqualTo(WorkflowStatus.PAUSED);
    assertThat(statusOf(h, "C")).isEqualTo(WorkflowTaskStatus.PENDING);
    assertThat(h.resume()).isTrue();
    assertThat(statusOf(h, "C")).isEqualTo(WorkflowTaskStatus.SKIPPED);
    assertThat(h.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(h.get(WAIT).hasCode("B_FAIL")).isTrue();
  }

  @Test
  void s33_failureAfterResumePausesAgainWithTheNewError() {
    TaskNode<String> a = fail("A", "A_FAIL");
    TaskNode<String> b = step("B", 1500, "B_FAIL").build();
    startWorker();
    WorkflowHandle<?> h =
        gallop.workflow("pausing").nodes(a, b).onError(OnError.PAUSE).build().start();
    awaitStatus(h, WorkflowStatus.PAUSED);
    assertThat(h.resume()).isTrue();
    awaitNode(h, "B", WorkflowTaskStatus.FAILED);
    awaitStatus(h, WorkflowStatus.PAUSED);
    Map<String, Object> data = (Map<String, Object>) h.get(WAIT).errValue().data();
    assertThat((Map<String, Object>) data.get("error")).containsEntry("errorCode", "B_FAIL");
  }

  @Test
  void s34_pauseHoldsTheChainAndResumeCompletesIt() {
    TaskNode<String> a = ok("A");
    TaskNode<String> b = slow("B", 1000, a);
    TaskNode<String> c = ok("C", b);
    TaskNode<String> d = ok("D", c);
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("pause").nodes(a, b, c, d).build().start();
    awaitNode(h, "B", WorkflowTaskStatus.RUNNING);
    assertThat(h.pause()).isTrue();
    awaitNode(h, "B", WorkflowTaskStatus.COMPLETED);
    assertThat(statusOf(h, "C")).isEqualTo(WorkflowTaskStatus.PENDING);
    assertThat(h.status()).isEqualTo(WorkflowStatus.PAUSED);
    assertThat(h.get(Duration.ZERO).hasCode(BuiltInCode.WORKFLOW_PAUSED)).isTrue();
    assertThat(h.resume()).isTrue();
    assertThat(h.get(WAIT).isOk()).isTrue();
    assertThat(h.status()).isEqualTo(WorkflowStatus.COMPLETED);
  }

  @Test
  void s35_pauseResumeReturnValuesAndUnknownIds() {
    WorkflowHandle<?> h = gallop.workflow("idle").nodes(ok("A")).build().start();
    assertThat(h.resume()).isFalse();
    assertThat(h.pause()).isTrue();
    assertThat(h.pause()).isFalse();
    assertThat(h.resume()).isTrue();
    startWorker();
    h.get(WAIT);
    assertThat(h.resume()).isFalse();
    assertThat(h.pause()).isFalse();
    WorkflowHandle<Object> ghost = gallop.workflowHandle("ghost");
    for (Runnable call : List.<Runnable>of(ghost::pause, ghost::resume, ghost::cancel)) {
      assertThatThrownBy(call::run)
          .isInstanceOfSatisfying(
              WorkflowHandleException.class,
              e -> assertThat(e.code()).isEqualTo(WorkflowHandleException.Code.WORKFLOW_NOT_FOUND));
    }
  }

  @Test
  void s36_cancelWithoutWorkersSkipsEverythingAndCancelsTasks() {
    TaskNode<String> a = ok("A");
    TaskNode<String> b = ok("B", a);
    WorkflowHandle<?> h = gallop.workflow("cancel").nodes(a, b).build().start();
    String taskId = node(h.tasks(), "A").taskId();
    h.cancel();
    List<WorkflowTaskInfo> t = h.tasks();
    assertThat(node(t, "B").status()).isEqualTo(WorkflowTaskStatus.SKIPPED);
    assertThat(node(t, "A").status()).isEqualTo(WorkflowTaskStatus.SKIPPED);
    assertThat(node(t, "A").startedAt()).isNull();
    TaskInfo task = gallop.taskHandle(taskId).info();
    assertThat(task.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(task.claimedBy()).isNull();
    assertThat(h.status()).isEqualTo(WorkflowStatus.CANCELLED);
    assertThat(h.info().completedAt()).isNotNull();
    assertThat(h.get(WAIT).hasCode(BuiltInCode.WORKFLOW_CANCELLED)).isTrue();
    assertThat(gallop.taskHandle(taskId).get(Duration.ZERO).hasCode(BuiltInCode.TASK_CANCELLED))
        .isTrue();
    h.cancel(); // no change, no error
    assertThat(h.status()).isEqualTo(WorkflowStatus.CANCELLED);
  }

  @Test
  void s36_cancelDuringARetryWaitSkipsTheNodeAndItNeverRunsAgain() {
    AtomicInteger calls = new AtomicInteger();
    Task<Op, String> retrying =
        gallop
            .task("retrying", Op.class, String.class)
            .retryPolicy(
                RetryPolicy.fixed(List.of(Duration.ofSeconds(30)), "AGAIN").withJitter(false))
            .handler((in, ctx) -> {
              calls.incrementAndGet();
              return TaskResult.err("AGAIN", "later");
            });
    TaskNode<String> r =
        TaskNode.of(retrying).input("label", "R").input("sleepMs", 0).nodeId("R").build();
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("retry").nodes(r).build().start();
    await()
        .atMost(WAIT)
        .until(() ->
            calls.get() == 1
                && "PENDING"
                    .equals(sqlString("select status from gallop_tasks where retry_count = 1")));
    assertThat(statusOf(h, "R")).isEqualTo(WorkflowTaskStatus.RUNNING);
    h.cancel();
    WorkflowTaskInfo info = node(h.tasks(), "R");
    assertThat(info.status()).isEqualTo(WorkflowTaskStatus.SKIPPED);
    assertThat(info.startedAt()).isNotNull();
    assertThat(gallop.taskHandle(info.taskId()).info().status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(calls).hasValue(1);
  }

  @Test
  void cancelSignalsARunningBodyAndItsLateResultStaysOnItsNode() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Task<Op, String> coop =
        gallop
            .task("coop", Op.class, String.class)
            .handler((in, ctx) -> {
              started.countDown();
              long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
              while (!ctx.isCancellationRequested() && System.nanoTime() < end) {
                Thread.onSpinWait();
                Thread.sleep(10);
              }
              return TaskResult.ok(ctx.isCancellationRequested() ? "saw-cancel" : "timeout");
            });
    TaskNode<String> x =
        TaskNode.of(coop).input("label", "X").input("sleepMs", 0).nodeId("X").build();
    TaskNode<String> y = ok("Y", x);
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("coop").nodes(x, y).build().start();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    long cancelledAt = System.nanoTime();
    h.cancel();
    awaitNode(h, "X", WorkflowTaskStatus.COMPLETED);
    assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isLessThan(Duration.ofSeconds(3));
    assertThat(h.resultFor(x)).isEqualTo(TaskResult.ok("saw-cancel"));
    assertThat(h.status()).isEqualTo(WorkflowStatus.CANCELLED);
    assertThat(statusOf(h, "Y")).isEqualTo(WorkflowTaskStatus.SKIPPED);
    assertThat(h.get(Duration.ZERO).hasCode(BuiltInCode.WORKFLOW_CANCELLED)).isTrue();
  }

  @Test
  void s38_timeouts() {
    WorkflowHandle<?> h = gallop.workflow("wait").nodes(ok("A")).build().start();
    long start = System.nanoTime();
    assertThat(h.get(Duration.ofMillis(200)).hasCode(BuiltInCode.WAIT_TIMEOUT)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(190), Duration.ofSeconds(3));
    assertThat(h.get(Duration.ZERO).hasCode(BuiltInCode.WAIT_TIMEOUT)).isTrue();
    assertThat(h.get(Duration.ofMillis(-5)).hasCode(BuiltInCode.WAIT_TIMEOUT)).isTrue();
    assertThat(h.getAsync(Duration.ZERO).join().hasCode(BuiltInCode.WAIT_TIMEOUT)).isTrue();
  }

  @Test
  void s39_resultForBeforeAndAfter() {
    TaskNode<String> a = ok("A");
    TaskNode<String> loose = ok("nobody");
    TaskNode<Integer> anonymous = TaskNode.of(num).input("value", 1).build();
    WorkflowHandle<?> h = gallop.workflow("rf").nodes(a).build().start();
    assertThat(h.resultFor(a).hasCode(BuiltInCode.RESULT_NOT_READY)).isTrue();
    assertThat(h.resultFor(NodeKey.of("missing")).hasCode(BuiltInCode.RESULT_NOT_READY)).isTrue();
    assertThat(h.resultFor(anonymous).hasCode(BuiltInCode.WORKFLOW_CTX_MISSING_ID)).isTrue();
    startWorker();
    h.get(WAIT);
    assertThat(h.resultFor(a)).isEqualTo(TaskResult.ok("A"));
    assertThat(h.resultFor(NodeKey.<String>of("A"))).isEqualTo(h.resultFor(a));
    assertThat(h.resultForAsync(a).join()).isEqualTo(TaskResult.ok("A"));
    assertThat(
            gallop.workflowHandle("ghost").resultFor(loose).hasCode(BuiltInCode.WORKFLOW_NOT_FOUND))
        .isTrue();
  }

  @Test
  void s40_resultsGrowAsNodesFinish() {
    TaskNode<String> a = ok("A");
    TaskNode<String> b = fail("B", "X", a);
    TaskNode<String> c = ok("C", b);
    WorkflowHandle<?> h = gallop.workflow("results").nodes(a, b, c).build().start();
    assertThat(h.results()).isEmpty();
    startWorker();
    h.get(WAIT);
    Map<String, TaskResult<?>> r = h.results();
    assertThat(r).containsOnlyKeys("A", "B");
    assertThat(r.get("A")).isEqualTo(TaskResult.ok("A"));
    assertThat(r.get("B").hasCode("X")).isTrue();
    assertThat(h.resultFor(c).hasCode(BuiltInCode.UPSTREAM_SKIPPED)).isTrue();
  }

  @Test
  void s41_tasksAreOrderedAndCarryIds() {
    TaskNode<String> a = ok("A");
    TaskNode<String> b = ok("B", a);
    WorkflowHandle<?> h = gallop.workflow("tasks").nodes(a, b).build().start();
    List<WorkflowTaskInfo> t = h.tasks();
    assertThat(t).extracting(WorkflowTaskInfo::index).containsExactly(0, 1);
    assertThat(t).extracting(WorkflowTaskInfo::name).containsExactly("op", "op");
    assertThat(t.get(0).taskId()).isNotNull();
    assertThat(t.get(1).status()).isEqualTo(WorkflowTaskStatus.PENDING);
    startWorker();
    h.get(WAIT);
    assertThat(h.tasks())
        .allSatisfy(i -> {
          assertThat(i.result()).isNotNull();
          assertThat(i.startedAt()).isNotNull();
          assertThat(i.completedAt()).isNotNull();
        });
    assertThat(h.tasksAsync().join()).hasSize(2);
  }

  @Test
  void s42_unknownIdOnReattachedHandle() {
    WorkflowHandle<String> h = gallop.workflowHandle("does-not-exist", String.class);
    assertThatThrownBy(h::status)
        .isInstanceOfSatisfying(
            WorkflowHandleException.class,
            e -> {
              assertThat(e.code()).isEqualTo(WorkflowHandleException.Code.WORKFLOW_NOT_FOUND);
              assertThat(e.retryable()).isFalse();
              assertThat(e.workflowId()).isEqualTo("does-not-exist");
            });
    assertThat(h.get(Duration.ofSeconds(1)).hasCode(BuiltInCode.WORKFLOW_NOT_FOUND)).isTrue();
    assertThatThrownBy(h::tasks).isInstanceOf(WorkflowHandleException.class);
    assertThatThrownBy(h::results).isInstanceOf(WorkflowHandleException.class);
    assertThat(h.statusAsync()).failsWithin(Duration.ofSeconds(5));
  }

  @Test
  void reattachedHandleReadsTheSameWorkflow() {
    TaskNode<Integer> n = TaskNode.of(num).input("value", 5).nodeId("N").build();
    WorkflowSpec<Integer> spec = gallop.workflow("attach").nodes(n).output(n).build();
    WorkflowHandle<Integer> h = spec.start("attach-1");
    startWorker();
    assertThat(gallop.workflowHandle("attach-1", Integer.class).get(WAIT))
        .isEqualTo(TaskResult.ok(5));
    assertThat(h.get(WAIT)).isEqualTo(TaskResult.ok(5));
  }

  @Test
  void s43_startIsIdempotentByIdAndConcurrentStartsCreateOneWorkflow() throws Exception {
    TaskNode<String> a = ok("A");
    WorkflowSpec<?> spec = gallop.workflow("order").nodes(a, ok("B", a)).build();
    WorkflowHandle<?> first = spec.start("order-42");
    WorkflowHandle<?> second = spec.start("order-42");
    assertThat(second.workflowId()).isEqualTo(first.workflowId());
    assertThat(sqlLong("select count(*) from gallop_workflow_nodes")).isEqualTo(2);
    assertThat(sqlLong("select count(*) from gallop_tasks")).isEqualTo(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> fs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        fs.add(
            pool.submit(() -> {
              go.await();
              return spec.start("order-43").workflowId();
            }));
      }
      go.countDown();
      Set<String> ids = ConcurrentHashMap.newKeySet();
      for (Future<String> f : fs) {
        ids.add(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(ids).containsExactly("order-43");
    } finally {
      pool.shutdownNow();
    }
    assertThat(sqlLong("select count(*) from gallop_workflows")).isEqualTo(2);
    assertThat(sqlLong("select count(*) from gallop_tasks")).isEqualTo(2);
  }

  @Test
  void s44_idOfAnotherWorkflowNameIsRejected() {
    gallop.workflow("one").nodes(ok("A")).build().start("shared-id");
    WorkflowSpec<?> other = gallop.workflow("two").nodes(ok("A")).build();
    assertThatThrownBy(() -> other.start("shared-id"))
        .isInstanceOfSatisfying(
            WorkflowStartException.class,
            e -> {
              assertThat(e.code()).isEqualTo(WorkflowStartException.Code.VALIDATION_FAILED);
              assertThat(e.workflowId()).isEqualTo("shared-id");
            });
  }

  @Test
  void s45_closedEngineAndBadIdsWriteNothing() {
    var engine2 = newEngine(b -> b);
    engine2.task("op", Op.class, String.class).handler((in, ctx) -> TaskResult.ok("x"));
    Task<Op, String> t2 = (Task<Op, String>) (Task<?, ?>) engine2.engine().registry().get("op");
    WorkflowSpec<?> spec =
        engine2
            .workflow("closing")
            .nodes(TaskNode.of(t2).input("label", "A").input("sleepMs", 0).build())
            .build();
    engine2.close();
    assertThatThrownBy(spec::start)
        .isInstanceOfSatisfying(
            WorkflowStartException.class,
            e -> {
              assertThat(e.code()).isEqualTo(WorkflowStartException.Code.BROKER_NOT_CONFIGURED);
              assertThat(e.workflowId()).isNotBlank();
            });
    WorkflowSpec<?> ok = gallop.workflow("ids").nodes(ok("A")).build();
    for (String bad : List.of("", "   ", "x".repeat(129))) {
      assertThatThrownBy(() -> ok.start(bad))
          .isInstanceOfSatisfying(
              WorkflowStartException.class,
              e -> {
                assertThat(e.code()).isEqualTo(WorkflowStartException.Code.VALIDATION_FAILED);
                assertThat(e.workflowId()).isEqualTo(bad);
              });
    }
    assertThat(sqlLong("select count(*) from gallop_workflows")).isZero();
  }

  @Test
  void s46_failedStartLeavesNoRowsAndTransientFailuresAreRetried() {
    // A sequence counts injected failures: unlike a table it is not rolled back with the failed
    // start.
    sqlExec(
        """
        create table gallop.fail_plan (mode text, transient_failures int);
        insert into gallop.fail_plan values ('none', 0);
        create sequence gallop.fail_seq;
        create function gallop.fail_nodes() returns trigger language plpgsql as $$
        declare p gallop.fail_plan;
        begin
          select * into p from gallop.fail_plan;
          if p.mode = 'permanent' then
            raise exception 'injected permanent failure' using errcode = 'XX000';
          end if;
          if p.mode = 'transient' and nextval('gallop.fail_seq') <= p.transient_failures then
            raise exception 'injected transient failure' using errcode = '53300';
          end if;
          return new;
        end $$;
        create trigger fail_nodes before insert on gallop.gallop_workflow_nodes
          for each statement execute function gallop.fail_nodes();
        """);
    // a permanent failure part-way through the start (workflow row already inserted): nothing
    // remains
    sqlExec("update gallop.fail_plan set mode = 'permanent'");
    WorkflowSpec<?> spec = gallop.workflow("atomic").nodes(ok("A")).build();
    assertThatThrownBy(() -> spec.start("atomic-1"))
        .isInstanceOfSatisfying(
            WorkflowStartException.class,
            e -> {
              assertThat(e.code()).isEqualTo(WorkflowStartException.Code.ENQUEUE_FAILED);
              assertThat(e.retryable()).isFalse();
              assertThat(e.workflowId()).isEqualTo("atomic-1");
            });
    assertThat(sqlLong("select count(*) from gallop_workflows")).isZero();
    // without resendOnTransientError a transient failure is reported as retryable, not retried
    sqlExec("update gallop.fail_plan set mode = 'transient', transient_failures = 1");
    assertThatThrownBy(() -> spec.start("atomic-1"))
        .isInstanceOfSatisfying(
            WorkflowStartException.class,
            e -> {
              assertThat(e.code()).isEqualTo(WorkflowStartException.Code.ENQUEUE_FAILED);
              assertThat(e.retryable()).isTrue();
            });
    assertThat(sqlLong("select count(*) from gallop_workflows")).isZero();
    // two transient failures with resendOnTransientError: retried after about 200 and 400 ms
    var resending = newEngine(b -> b.resendOnTransientError(true));
    Task<Op, String> t2 =
        resending.task("op", Op.class, String.class).handler((in, ctx) -> TaskResult.ok("x"));
    WorkflowSpec<?> spec2 =
        resending
            .workflow("atomic")
            .nodes(TaskNode.of(t2).input("label", "A").input("sleepMs", 0).build())
            .build();
    sqlExec(
        "alter sequence gallop.fail_seq restart; update gallop.fail_plan set transient_failures = 2");
    long start = System.nanoTime();
    assertThat(spec2.start("atomic-2").workflowId()).isEqualTo("atomic-2");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(550), Duration.ofSeconds(5));
    assertThat(sqlLong("select count(*) from gallop_workflows")).isEqualTo(1);
    assertThat(sqlLong("select last_value from gallop.fail_seq")).isEqualTo(3);
  }

  @Test
  void s47_retryStartRejectsOtherExceptions() {
    WorkflowSpec<?> spec = gallop.workflow("retry").nodes(ok("A")).build();
    var notEnqueue =
        new WorkflowStartException(
            WorkflowStartException.Code.VALIDATION_FAILED, "x", false, "retry", "id-1", null);
    var otherName =
        new WorkflowStartException(
            WorkflowStartException.Code.ENQUEUE_FAILED, "x", true, "other", "id-2", null);
    for (var e : List.of(notEnqueue, otherName)) {
      assertThatThrownBy(() -> spec.retryStart(e))
          .isInstanceOfSatisfying(
              WorkflowStartException.class,
              x -> assertThat(x.code()).isEqualTo(WorkflowStartException.Code.VALIDATION_FAILED));
    }
    assertThat(sqlLong("select count(*) from gallop_workflows")).isZero();
    var transientFailure =
        new WorkflowStartException(
            WorkflowStartException.Code.ENQUEUE_FAILED, "x", true, "retry", "id-3", null);
    assertThat(spec.retryStart(transientFailure).workflowId()).isEqualTo("id-3");
  }
}
