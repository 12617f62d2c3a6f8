package dev.gallop.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gallop.Gallop;
import dev.gallop.error.ConfigurationException;
import dev.gallop.error.WorkflowValidationException;
import dev.gallop.internal.worker.WorkerImpl;
import dev.gallop.task.BuiltInCode;
import dev.gallop.task.TaskResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Scenarios 54-59 and the subworkflow issue's nesting, cascade and recovery cases. */
class SubworkflowScenariosIT extends WorkflowTestBase {
  record Value(int value, long sleepMs, @Nullable String failWith) {}

  record FromUpstream(@Nullable TaskResult<String> upstream) {}

  /** A child with one node: sleeps, then returns {@code value} or fails. */
  WorkflowDefinition<Value, Integer> leaf(String key, OnError onError) {
    return WorkflowDefinition.builder(key, "leaf", Value.class, Integer.class)
        .sampleParameters(new Value(1, 0, null))
        .build((wf, p) -> {
          TaskNode<String> work = step("work", p.sleepMs(), p.failWith()).build();
          TaskNode<Integer> n =
              TaskNode.of(num).input("value", p.value()).nodeId("n").waitsFor(work).build();
          return wf.workflow("leaf").nodes(work, n).output(n).onError(onError).build();
        });
  }

  @Test
  void s55_childRecordsItsParentAndItsResultFlowsUp() {
    var def = gallop.register(leaf("test.leaf.v1", OnError.FAIL));
    SubWorkflowNode<Integer> child =
        SubWorkflowNode.of(def).inputs(new Value(42, 800, null)).nodeId("child").build();
    startWorker();
    WorkflowHandle<Integer> p =
        gallop.workflow("parent").nodes(child).output(child).build().start("P");
    await().atMost(WAIT).until(() -> p.tasks().get(0).subWorkflowId() != null);
    WorkflowTaskInfo node = p.tasks().get(0);
    assertThat(node.status()).isEqualTo(WorkflowTaskStatus.RUNNING);
    assertThat(node.startedAt()).isNotNull();
    assertThat(node.name()).isEqualTo("leaf");
    WorkflowInfo c = gallop.workflowHandle(node.subWorkflowId()).info();
    assertThat(c.status()).isEqualTo(WorkflowStatus.RUNNING);
    assertThat(c.depth()).isEqualTo(1);
    assertThat(c.parentWorkflowId()).isEqualTo("P");
    assertThat(c.parentNodeIndex()).isZero();
    assertThat(c.rootWorkflowId()).isEqualTo("P");
    assertThat(c.definitionKey()).isEqualTo("test.leaf.v1");
    assertThat(p.get(WAIT)).isEqualTo(TaskResult.ok(42));
    assertThat(p.status()).isEqualTo(WorkflowStatus.COMPLETED);
    WorkflowTaskInfo done = p.tasks().get(0);
    assertThat(done.subWorkflowStatus()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(done.subWorkflowSummary().status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(done.subWorkflowSummary().output()).isEqualTo(42);
    assertThat(done.subWorkflowSummary().totalTasks()).isEqualTo(2);
    assertThat(done.subWorkflowSummary().errorSummary()).isNull();
  }

  @Test
  void s56_failedChildFailsTheNodeWithASummaryAndDownstreamRecovers() {
    var def = gallop.register(leaf("test.leaf.v1", OnError.FAIL));
    SubWorkflowNode<Integer> child =
        SubWorkflowNode.of(def).inputs(new Value(1, 0, "CHILD_BROKE")).nodeId("child").build();
    TaskNode<String> after = step("after", child).allowFailedDeps().build();
    startWorker();
    WorkflowHandle<?> p = gallop.workflow("parent").nodes(child, after).build().start();
    TaskResult<?> r = p.get(WAIT);
    assertThat(r.hasCode(BuiltInCode.SUBWORKFLOW_FAILED)).isTrue();
    WorkflowTaskInfo node = node(p.tasks(), "child");
    assertThat(node.status()).isEqualTo(WorkflowTaskStatus.FAILED);
    SubWorkflowSummary<?> summary = node.subWorkflowSummary();
    assertThat(summary.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(summary.failedTasks()).isGreaterThanOrEqualTo(1);
    assertThat(summary.errorSummary()).isNotBlank().contains("work failed");
    assertThat(node.result().errValue())
        .isInstanceOfSatisfying(
            SubWorkflowError.class,
            e -> {
              assertThat(e.subWorkflowId()).isEqualTo(node.subWorkflowId());
              assertThat(e.subWorkflowSummary().status()).isEqualTo(WorkflowStatus.FAILED);
              assertThat((Map<String, Object>) e.data())
                  .containsKeys("subWorkflowId", "subWorkflowSummary");
            });
    assertThat(statusOf(p, "after")).isEqualTo(WorkflowTaskStatus.COMPLETED);
  }

  @Test
  void s57_childFailurePausesAPausingParent() {
    var def = gallop.register(leaf("test.leaf.v1", OnError.FAIL));
    SubWorkflowNode<Integer> child =
        SubWorkflowNode.of(def).inputs(new Value(1, 0, "X")).nodeId("child").build();
    startWorker();
    WorkflowHandle<?> p =
        gallop.workflow("parent").nodes(child).onError(OnError.PAUSE).build().start();
    awaitStatus(p, WorkflowStatus.PAUSED);
    assertThat(p.get(WAIT).hasCode(BuiltInCode.WORKFLOW_PAUSED)).isTrue();
  }

  @Test
  void s57_childPausedByItsOwnPolicyKeepsTheParentRunningAndResumesThroughIt() {
    var def = gallop.register(leaf("test.pausing.v1", OnError.PAUSE));
    SubWorkflowNode<Integer> child =
        SubWorkflowNode.of(def).inputs(new Value(1, 0, "X")).nodeId("child").build();
    startWorker();
    WorkflowHandle<?> p = gallop.workflow("parent").nodes(child).build().start();
    await()
        .atMost(WAIT)
        .until(() -> node(p.tasks(), "child").subWorkflowStatus() == WorkflowStatus.PAUSED);
    assertThat(p.status()).isEqualTo(WorkflowStatus.RUNNING);
    assertThat(statusOf(p, "child")).isEqualTo(WorkflowTaskStatus.RUNNING);
    assertThat(p.resume()).isTrue();
    // the child resumes: its failed node stays failed, its dependent is skipped, it finishes FAILED
    assertThat(p.get(WAIT).hasCode(BuiltInCode.SUBWORKFLOW_FAILED)).isTrue();
    assertThat(node(p.tasks(), "child").subWorkflowStatus()).isEqualTo(WorkflowStatus.FAILED);
  }

  @Test
  void s58_missingDefinitionAndThrowingBuildFailTheNodeAtStart() {
    var unregistered = leaf("test.unregistered.v1", OnError.FAIL);
    WorkflowDefinition<Value, Integer> throwing =
        gallop.register(
            WorkflowDefinition.builder("test.throwing.v1", "throwing", Value.class, Integer.class)
                .build((wf, p) -> {
                  throw new IllegalStateException("cannot build today");
                }));
    SubWorkflowNode<Integer> missing =
        SubWorkflowNode.of(unregistered).inputs(new Value(1, 0, null)).nodeId("missing").build();
    SubWorkflowNode<Integer> broken =
        SubWorkflowNode.of(throwing).inputs(new Value(1, 0, null)).nodeId("broken").build();
    WorkflowHandle<?> p = gallop.workflow("parent").nodes(missing, broken).build().start();
    List<WorkflowTaskInfo> t = p.tasks();
    assertThat(node(t, "missing").status()).isEqualTo(WorkflowTaskStatus.FAILED);
    assertThat(node(t, "missing").result().hasCode(BuiltInCode.SUBWORKFLOW_LOAD_FAILED)).isTrue();
    assertThat(node(t, "broken").status()).isEqualTo(WorkflowTaskStatus.FAILED);
    assertThat(node(t, "broken").result().hasCode(BuiltInCode.WORKFLOW_ENQUEUE_FAILED)).isTrue();
    assertThat(node(t, "broken").result().errValue().message()).contains("cannot build today");
    assertThat(node(t, "broken").subWorkflowId()).isNull();
    assertThat(node(t, "broken").startedAt()).isNull();
    assertThat(p.status()).isEqualTo(WorkflowStatus.FAILED);
  }

  @Test
  void s58_engineWithoutRegistryLeavesTheNodeReadyForTheWorkers() {
    var def = gallop.register(leaf("test.leaf.v1", OnError.FAIL));
    Gallop client = newEngine(b -> b.withoutDefinitionRegistry());
    SubWorkflowNode<Integer> child =
        SubWorkflowNode.of(def).inputs(new Value(7, 0, null)).nodeId("child").build();
    // a worker whose periodic recovery is far away: only the notification can wake it in time
    WorkerImpl w =
        startWorker(fastWorker().recoveryCheckInterval(java.time.Duration.ofMinutes(5)).build());
    await().atMost(WAIT).until(() -> sqlLong("select count(*) from gallop_workers") == 1);
    WorkflowSpec<Integer> spec = client.workflow("parent").nodes(child).output(child).build();
    WorkflowHandle<Integer> p = spec.start();
    assertThat(w.isRunning()).isTrue();
    assertThat(p.tasks().get(0).status())
        .isIn(WorkflowTaskStatus.READY, WorkflowTaskStatus.RUNNING, WorkflowTaskStatus.COMPLETED);
    assertThat(p.tasks().get(0).result() == null || p.tasks().get(0).result().isOk()).isTrue();
    assertThat(p.get(WAIT)).isEqualTo(TaskResult.ok(7));
  }

  @Test
  void s54_buildReturningAnOldSpecFailsTheNode() {
    AtomicReference<WorkflowSpec<Integer>> cached = new AtomicReference<>();
    var def =
        gallop.register(
            WorkflowDefinition.builder("test.cached.v1", "cached", Integer.class)
                .build((wf, p) -> {
                  if (cached.get() == null) {
                    TaskNode<Integer> n = TaskNode.of(num).input("value", 1).nodeId("n").build();
                    cached.set(wf.workflow("cached").nodes(n).output(n).build());
                  }
                  return cached.get();
                }));
    SubWorkflowNode<Integer> first = SubWorkflowNode.of(def).nodeId("first").build();
    SubWorkflowNode<Integer> second = SubWorkflowNode.of(def).nodeId("second").build();
    WorkflowHandle<?> p = gallop.workflow("parent").nodes(first, second).build().start();
    assertThat(node(p.tasks(), "first").status()).isEqualTo(WorkflowTaskStatus.RUNNING);
    assertThat(node(p.tasks(), "second").result().hasCode(BuiltInCode.WORKFLOW_ENQUEUE_FAILED))
        .isTrue();
    assertThat(node(p.tasks(), "second").result().errValue().message()).contains("before");
  }

  @Test
  void s54_s48_definitionValidation() {
    var def = leaf("test.leaf.v1", OnError.FAIL);
    WorkflowDefinition<Void, Integer> noParams =
        WorkflowDefinition.builder("test.none.v1", "none", Integer.class).build((wf, p) -> null);
    assertThatThrownBy(() ->
            gallop.workflow("w").nodes(SubWorkflowNode.of(noParams).input("x", 1).build()).build())
        .isInstanceOfSatisfying(
            WorkflowValidationException.class,
            e -> assertThat(e.codes()).containsExactly("GALLOP-022"));
    assertThatThrownBy(() ->
            gallop.workflow("w").nodes(SubWorkflowNode.of(def).input("value", 1).build()).build())
        .isInstanceOfSatisfying(
            WorkflowValidationException.class,
            e -> assertThat(e.codes()).containsExactly("GALLOP-020"));
    // A contains B, B contains A
    WorkflowDefinition<Void, Integer>[] holder = new WorkflowDefinition[1];
    WorkflowDefinition<Void, Integer> b =
        WorkflowDefinition.builder("test.b", "b", Integer.class).build((wf, p) -> null);
    WorkflowDefinition<Void, Integer> a =
        WorkflowDefinition.builder("test.a", "a", Integer.class).contains(b).build((wf, p) -> null);
    WorkflowDefinition<Void, Integer> b2 =
        WorkflowDefinition.builder("test.b", "b", Integer.class).contains(a).build((wf, p) -> null);
    holder[0] = b2;
    assertThatThrownBy(() ->
            gallop
                .workflow("w")
                .definitionKey("test.b")
                .nodes(SubWorkflowNode.of(a).build())
                .build())
        .isInstanceOfSatisfying(
            WorkflowValidationException.class,
            e -> assertThat(e.codes()).containsExactly("GALLOP-007"));
    gallop.register(def);
    assertThatThrownBy(() -> gallop.register(leaf("test.leaf.v1", OnError.FAIL)))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.codes()).containsExactly("GALLOP-017"));
    assertThatThrownBy(() -> gallop.register(leaf(" ", OnError.FAIL)))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.codes()).containsExactly("GALLOP-016"));
    assertThat(holder[0]).isNotNull();
  }

  @Test
  void s59_argsFromReachesTheBuildAndAnyJoinStartsTheChildEarly() {
    AtomicReference<TaskResult<String>> received = new AtomicReference<>();
    var def =
        gallop.register(
            WorkflowDefinition.builder(
                    "test.upstream.v1", "upstream", FromUpstream.class, Integer.class)
                .build((wf, p) -> {
                  received.set(p.upstream());
                  TaskNode<Integer> n = TaskNode.of(num).input("value", 5).nodeId("n").build();
                  return wf.workflow("upstream").nodes(n).output(n).build();
                }));
    TaskNode<String> fast = ok("fast");
    TaskNode<String> slow = slow("slow", 3000);
    SubWorkflowNode<Integer> child =
        SubWorkflowNode.of(def)
            .nodeId("child")
            .waitsFor(fast, slow)
            .join(JoinType.ANY)
            .argsFrom("upstream", fast)
            .build();
    startWorker();
    WorkflowHandle<?> p = gallop.workflow("parent").nodes(fast, slow, child).build().start();
    await()
        .atMost(WAIT)
        .until(() -> node(p.tasks(), "child").status() == WorkflowTaskStatus.COMPLETED);
    assertThat(statusOf(p, "slow")).isNotEqualTo(WorkflowTaskStatus.COMPLETED);
    assertThat(received.get()).isEqualTo(TaskResult.ok("fast"));
  }

  /** Three levels: root -> middle -> leaf. */
  private WorkflowDefinition<Value, Integer> middle(WorkflowDefinition<Value, Integer> leaf) {
    return WorkflowDefinition.builder("test.middle.v1", "middle", Value.class, Integer.class)
        .contains(leaf)
        .build((wf, p) -> {
          SubWorkflowNode<Integer> l = SubWorkflowNode.of(leaf).inputs(p).nodeId("leaf").build();
          return wf.workflow("middle").nodes(l).output(l).build();
        });
  }

  @Test
  void threeLevelsPassResultsUpAndFailuresWithSummariesAtEachLevel() {
    var leaf = gallop.register(leaf("test.leaf.v1", OnError.FAIL));
    var middle = gallop.register(middle(leaf));
    startWorker();
    SubWorkflowNode<Integer> ok =
        SubWorkflowNode.of(middle).inputs(new Value(99, 0, null)).nodeId("m").build();
    WorkflowHandle<Integer> good = gallop.workflow("root").nodes(ok).output(ok).build().start();
    assertThat(good.get(WAIT)).isEqualTo(TaskResult.ok(99));

    SubWorkflowNode<Integer> bad =
        SubWorkflowNode.of(middle).inputs(new Value(1, 0, "DEEP")).nodeId("m").build();
    WorkflowHandle<Integer> failing =
        gallop.workflow("root").nodes(bad).output(bad).build().start();
    TaskResult<Integer> r = failing.get(WAIT);
    assertThat(r.hasCode(BuiltInCode.SUBWORKFLOW_FAILED)).isTrue();
    WorkflowTaskInfo rootNode = failing.tasks().get(0);
    assertThat(rootNode.subWorkflowSummary().status()).isEqualTo(WorkflowStatus.FAILED);
    WorkflowHandle<Object> mid = gallop.workflowHandle(rootNode.subWorkflowId());
    WorkflowTaskInfo midNode = mid.tasks().get(0);
    assertThat(midNode.subWorkflowSummary().status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(midNode.subWorkflowSummary().errorSummary()).contains("work failed");
    assertThat(gallop.workflowHandle(midNode.subWorkflowId()).info().depth()).isEqualTo(2);
    assertThat(gallop.workflowHandle(midNode.subWorkflowId()).info().rootWorkflowId())
        .isEqualTo(failing.workflowId());
  }

  @Test
  void cancelOnTheRootStopsEveryLevel() {
    var leaf = gallop.register(leaf("test.leaf.v1", OnError.FAIL));
    var middle = gallop.register(middle(leaf));
    startWorker();
    SubWorkflowNode<Integer> m =
        SubWorkflowNode.of(middle).inputs(new Value(1, 3000, null)).nodeId("m").build();
    WorkflowHandle<?> root = gallop.workflow("root").nodes(m).build().start();
    await()
        .atMost(WAIT)
        .until(() ->
            sqlLong("select count(*) from gallop_workflows") == 3
                && "RUNNING"
                    .equals(
                        sqlString(
                            "select status from gallop_workflow_nodes where node_id = 'work'")));
    root.cancel();
    assertThat(root.status()).isEqualTo(WorkflowStatus.CANCELLED);
    await()
        .atMost(WAIT)
        .until(
            () -> sqlLong("select count(*) from gallop_workflows where status = 'CANCELLED'") == 3);
    WorkflowTaskInfo node = root.tasks().get(0);
    assertThat(node.status()).isEqualTo(WorkflowTaskStatus.FAILED);
    assertThat(node.result().hasCode(BuiltInCode.SUBWORKFLOW_FAILED)).isTrue();
    assertThat(node.subWorkflowSummary().status()).isEqualTo(WorkflowStatus.CANCELLED);
    assertThat(root.get(WAIT).hasCode(BuiltInCode.WORKFLOW_CANCELLED)).isTrue();
  }

  @Test
  void pauseAndResumeCascadeAcrossLevels() {
    var leaf = gallop.register(leaf("test.leaf.v1", OnError.FAIL));
    var middle = gallop.register(middle(leaf));
    startWorker();
    SubWorkflowNode<Integer> m =
        SubWorkflowNode.of(middle).inputs(new Value(3, 1000, null)).nodeId("m").build();
    WorkflowHandle<Integer> root = gallop.workflow("root").nodes(m).output(m).build().start();
    await()
        .atMost(WAIT)
        .until(() ->
            "RUNNING"
                .equals(
                    sqlString("select status from gallop_workflow_nodes where node_id = 'work'")));
    assertThat(root.pause()).isTrue();
    assertThat(sqlLong("select count(*) from gallop_workflows where status = 'PAUSED'"))
        .isEqualTo(3);
    await()
        .atMost(WAIT)
        .until(() ->
            "COMPLETED"
                .equals(
                    sqlString("select status from gallop_workflow_nodes where node_id = 'work'")));
    assertThat(sqlString("select status from gallop_workflow_nodes where node_id = 'n'"))
        .isEqualTo("PENDING");
    assertThat(root.resume()).isTrue();
    assertThat(root.get(WAIT)).isEqualTo(TaskResult.ok(3));
  }

  @Test
  void recoveryRepairsAParentLeftBehindByAFinishedChild() throws Exception {
    var def = gallop.register(leaf("test.leaf.v1", OnError.FAIL));
    SubWorkflowNode<Integer> child =
        SubWorkflowNode.of(def).inputs(new Value(11, 0, null)).nodeId("child").build();
    startWorker();
    WorkflowHandle<Integer> p =
        gallop.workflow("parent").nodes(child).output(child).build().start("P");
    assertThat(p.get(WAIT)).isEqualTo(TaskResult.ok(11));
    // simulate a crash between the child finishing and the parent advancing
    sqlUpdate(
        "update gallop_workflow_nodes set status = 'RUNNING', result = null, completed_at = null, sub_workflow_summary = null where workflow_id = 'P'");
    sqlUpdate(
        "update gallop_workflows set status = 'RUNNING', result = null, completed_at = null, terminal_count = 0 where id = 'P'");
    WorkerImpl w = (WorkerImpl) gallop.worker(fastWorker().build());
    assertThat(w.recoverNow()).isEqualTo(1);
    assertThat(w.recoverNow()).isZero();
    assertThat(p.get(WAIT)).isEqualTo(TaskResult.ok(11));
    assertThat(p.tasks().get(0).subWorkflowSummary().output()).isEqualTo(11);
  }
}
