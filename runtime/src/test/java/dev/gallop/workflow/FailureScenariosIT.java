package dev.gallop.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gallop.task.BuiltInCode;
import dev.gallop.task.TaskResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scenarios 12-31: failure propagation, allowFailedDeps and sentinels, joins, success policies. */
@SuppressWarnings("unchecked")
class FailureScenariosIT extends WorkflowTestBase {

  @Test
  void s12_failureSkipsTheRestOfTheChain() {
    TaskNode<String> a = ok("A");
    TaskNode<String> b = fail("B", "MID_FAIL", a);
    TaskNode<String> c = ok("C", b);
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("chain").nodes(a, b, c).build().start();
    TaskResult<?> r = h.get(WAIT);
    assertThat(r.hasCode("MID_FAIL")).isTrue();
    List<WorkflowTaskInfo> t = h.tasks();
    assertThat(node(t, "A").status()).isEqualTo(WorkflowTaskStatus.COMPLETED);
    assertThat(node(t, "B").status()).isEqualTo(WorkflowTaskStatus.FAILED);
    assertThat(node(t, "C").status()).isEqualTo(WorkflowTaskStatus.SKIPPED);
    assertThat(node(t, "C").startedAt()).isNull();
    assertThat(node(t, "C").completedAt()).isNull();
    assertThat(h.status()).isEqualTo(WorkflowStatus.FAILED);
  }

  @Test
  void s13_otherBranchesContinueAfterAFailure() {
    TaskNode<String> a = ok("A");
    startWorker();
    WorkflowHandle<?> h =
        gallop
            .workflow("branches")
            .nodes(a, fail("B", "X", a), slow("C", 200, a), slow("D", 200, a))
            .build()
            .start();
    assertThat(h.get(WAIT).hasCode("X")).isTrue();
    assertThat(statusOf(h, "C")).isEqualTo(WorkflowTaskStatus.COMPLETED);
    assertThat(statusOf(h, "D")).isEqualTo(WorkflowTaskStatus.COMPLETED);
  }

  @Test
  void s14_joinIsSkippedOnceAllDependenciesAreTerminal() {
    TaskNode<String> a = fail("A", "X");
    TaskNode<String> b = slow("B", 600);
    TaskNode<String> c = ok("C");
    TaskNode<String> d = ok("D", a, b, c);
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("join").nodes(a, b, c, d).build().start();
    awaitNode(h, "A", WorkflowTaskStatus.FAILED);
    if (statusOf(h, "B") != WorkflowTaskStatus.COMPLETED) {
      assertThat(statusOf(h, "D")).isEqualTo(WorkflowTaskStatus.PENDING);
    }
    assertThat(h.get(WAIT).hasCode("X")).isTrue();
    assertThat(statusOf(h, "D")).isEqualTo(WorkflowTaskStatus.SKIPPED);
    assertThat(runs).doesNotContainKey("D");
  }

  @Test
  void s15_diamondWithAFailedBranchSkipsTheJoin() {
    TaskNode<String> a = ok("A");
    TaskNode<String> b = fail("B", "X", a);
    TaskNode<String> c = ok("C", a);
    TaskNode<String> d = ok("D", b, c);
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("diamond").nodes(a, b, c, d).build().start();
    h.get(WAIT);
    assertThat(statusOf(h, "D")).isEqualTo(WorkflowTaskStatus.SKIPPED);
    assertThat(h.status()).isEqualTo(WorkflowStatus.FAILED);
  }

  @Test
  void s16_rootFailureSkipsEveryDependent() {
    TaskNode<String> a = fail("A", "X");
    startWorker();
    WorkflowHandle<?> h =
        gallop.workflow("fan").nodes(a, ok("B", a), ok("C", a), ok("D", a)).build().start();
    h.get(WAIT);
    assertThat(h.tasks())
        .filteredOn(t -> !t.nodeId().equals("A"))
        .allSatisfy(t -> assertThat(t.status()).isEqualTo(WorkflowTaskStatus.SKIPPED));
    assertThat(h.status()).isEqualTo(WorkflowStatus.FAILED);
  }

  @Test
  void s17_allowFailedDepsNodeKeepsTheWorkflowRunning() {
    TaskNode<String> a = fail("A", "X");
    TaskNode<String> b = step("B", 1500, null, a).allowFailedDeps().build();
    TaskNode<String> c = ok("C", a);
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("afd").nodes(a, b, c).build().start();
    awaitNode(h, "B", WorkflowTaskStatus.RUNNING);
    assertThat(statusOf(h, "C")).isEqualTo(WorkflowTaskStatus.SKIPPED);
    assertThat(h.status()).isEqualTo(WorkflowStatus.RUNNING);
    awaitStatus(h, WorkflowStatus.FAILED);
    assertThat(statusOf(h, "B")).isEqualTo(WorkflowTaskStatus.COMPLETED);
  }

  @Test
  void s18_failedDependencyArrivesAsItsOriginalError() {
    TaskNode<String> a = fail("A", "X");
    TaskNode<String> b =
        TaskNode.of(consume).nodeId("B").waitsFor(a).allowFailedDeps().argsFrom("x", a).build();
    startWorker();
    gallop.workflow("sentinel").nodes(a, b).build().start().get(WAIT);
    TaskResult<?> x = (TaskResult<?>) seen.get("x");
    assertThat(x.isErr()).isTrue();
    assertThat(x.hasCode("X")).isTrue();
  }

  @Test
  void s19_skippedDependencyArrivesAsTheSentinel() {
    TaskNode<String> a = fail("A", "X");
    TaskNode<String> b = ok("B", a);
    TaskNode<String> c =
        TaskNode.of(withCtx)
            .nodeId("C")
            .waitsFor(b)
            .allowFailedDeps()
            .argsFrom("b", b)
            .workflowCtxFrom(b)
            .build();
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("sentinel").nodes(a, b, c).build().start();
    h.get(WAIT);
    assertThat(statusOf(h, "B")).isEqualTo(WorkflowTaskStatus.SKIPPED);
    TaskResult<?> got = (TaskResult<?>) seen.get("b");
    assertThat(got.hasCode(BuiltInCode.UPSTREAM_SKIPPED)).isTrue();
    assertThat((Map<String, Object>) got.errValue().data())
        .containsEntry("dependencyIndex", 1)
        .containsEntry("nodeId", "B");
    assertThat(seen.get("ctxB")).isEqualTo(got);
  }

  @Test
  void s20_allowFailedDepsWithoutArgsRuns() {
    TaskNode<String> a = fail("A", "X");
    TaskNode<String> b = step("B", 0, null, a).allowFailedDeps().build();
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("afd").nodes(a, b).build().start();
    h.get(WAIT);
    assertThat(runs).containsKey("B");
    assertThat(statusOf(h, "B")).isEqualTo(WorkflowTaskStatus.COMPLETED);
  }

  @Test
  void s21_recoveredOutputStillReturnsTheWorkflowError() {
    TaskNode<String> a = fail("A", "A_FAIL");
    TaskNode<Integer> b =
        TaskNode.of(num).input("value", 999).nodeId("B").waitsFor(a).allowFailedDeps().build();
    startWorker();
    WorkflowHandle<Integer> h = gallop.workflow("recovered").nodes(a, b).output(b).build().start();
    assertThat(h.get(WAIT).hasCode("A_FAIL")).isTrue();
    assertThat(h.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(h.resultFor(b)).isEqualTo(TaskResult.ok(999));
  }

  @Test
  void s22_mixedDependencyResults() {
    TaskNode<String> a = ok("A");
    TaskNode<String> b = fail("B", "B_FAIL", a);
    TaskNode<String> c = ok("C", a);
    TaskNode<String> d =
        TaskNode.of(pair)
            .nodeId("D")
            .waitsFor(b, c)
            .allowFailedDeps()
            .argsFrom("b", b)
            .argsFrom("c", c)
            .build();
    startWorker();
    gallop.workflow("mixed").nodes(a, b, c, d).build().start().get(WAIT);
    assertThat(((TaskResult<?>) seen.get("b")).hasCode("B_FAIL")).isTrue();
    assertThat(seen.get("c")).isEqualTo(TaskResult.ok("C"));
  }

  @Test
  void s23_anyJoinStartsOnTheFirstSuccess() {
    TaskNode<String> a = ok("A");
    TaskNode<String> b = slow("B", 3000);
    TaskNode<String> c = slow("C", 3000);
    TaskNode<String> d = step("D", a, b, c).join(JoinType.ANY).build();
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("any").nodes(a, b, c, d).build().start();
    awaitNode(h, "D", WorkflowTaskStatus.COMPLETED);
    assertThat(spans.get("D")[0])
        .isLessThan(spans.containsKey("B") ? spans.get("B")[1] : Long.MAX_VALUE);
    assertThat(statusOf(h, "B")).isNotEqualTo(WorkflowTaskStatus.COMPLETED);
  }

  @Test
  void s24_anyJoinIgnoresAFailureWhileOthersRun() {
    TaskNode<String> a = fail("A", "X");
    TaskNode<String> b = slow("B", 1200);
    TaskNode<String> c = slow("C", 5000);
    TaskNode<String> d = step("D", a, b, c).join(JoinType.ANY).build();
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("any").nodes(a, b, c, d).build().start();
    awaitNode(h, "A", WorkflowTaskStatus.FAILED);
    assertThat(statusOf(h, "D")).isEqualTo(WorkflowTaskStatus.PENDING);
    awaitNode(h, "B", WorkflowTaskStatus.COMPLETED);
    assertThat(statusOf(h, "D"))
        .isIn(
            WorkflowTaskStatus.ENQUEUED, WorkflowTaskStatus.RUNNING, WorkflowTaskStatus.COMPLETED);
  }

  @Test
  void s25_anyWithOneDependency() {
    TaskNode<String> a = ok("A");
    TaskNode<String> d = step("D", a).join(JoinType.ANY).build();
    TaskNode<String> a2 = fail("A2", "X");
    TaskNode<String> d2 = step("D2", a2).join(JoinType.ANY).build();
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("any1").nodes(a, d, a2, d2).build().start();
    h.get(WAIT);
    assertThat(statusOf(h, "D")).isEqualTo(WorkflowTaskStatus.COMPLETED);
    assertThat(statusOf(h, "D2")).isEqualTo(WorkflowTaskStatus.SKIPPED);
  }

  @Test
  void s26_quorumWaitsForEnoughSuccesses() {
    TaskNode<String> a = ok("A");
    TaskNode<String> b = fail("B", "X");
    TaskNode<String> c = slow("C", 1500);
    TaskNode<String> d = step("D", a, b, c).quorum(2).build();
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("quorum").nodes(a, b, c, d).build().start();
    awaitNode(h, "A", WorkflowTaskStatus.COMPLETED);
    awaitNode(h, "B", WorkflowTaskStatus.FAILED);
    assertThat(statusOf(h, "D")).isEqualTo(WorkflowTaskStatus.PENDING);
    awaitNode(h, "D", WorkflowTaskStatus.COMPLETED);
    assertThat(spans.get("D")[0]).isGreaterThan(spans.get("C")[1]);
  }

  @Test
  void s27_quorumOfOneIsAnyAndQuorumOfAllIsStrict() {
    TaskNode<String> a = fail("A", "X");
    TaskNode<String> b = ok("B");
    TaskNode<String> one = step("ONE", a, b).quorum(1).build();
    TaskNode<String> p = ok("P");
    TaskNode<String> q = fail("Q", "X");
    TaskNode<String> r = slow("R", 2000);
    TaskNode<String> all = step("ALL", p, q, r).quorum(3).build();
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("quorum").nodes(a, b, one, p, q, r, all).build().start();
    awaitNode(h, "ALL", WorkflowTaskStatus.SKIPPED);
    assertThat(statusOf(h, "R")).isIn(WorkflowTaskStatus.ENQUEUED, WorkflowTaskStatus.RUNNING);
    h.get(WAIT);
    assertThat(statusOf(h, "ONE")).isEqualTo(WorkflowTaskStatus.COMPLETED);
  }

  @Test
  void s28_optionalFailureDoesNotFailThePolicy() {
    TaskNode<String> a = ok("A");
    TaskNode<String> b = fail("B", "X");
    startWorker();
    WorkflowHandle<?> h =
        gallop
            .workflow("policy")
            .nodes(a, b)
            .successPolicy(SuccessPolicy.of(SuccessCase.of(a)).withOptional(b))
            .build()
            .start();
    assertThat(h.get(WAIT).isOk()).isTrue();
    assertThat(h.status()).isEqualTo(WorkflowStatus.COMPLETED);
  }

  @Test
  void s29_requiredFailureFailsWithItsCode() {
    TaskNode<String> a = ok("A");
    TaskNode<String> b = fail("B", "REQUIRED_FAIL");
    startWorker();
    WorkflowHandle<?> h =
        gallop
            .workflow("policy")
            .nodes(a, b)
            .successPolicy(SuccessPolicy.of(SuccessCase.of(a, b)))
            .build()
            .start();
    assertThat(h.get(WAIT).hasCode("REQUIRED_FAIL")).isTrue();
    assertThat(h.status()).isEqualTo(WorkflowStatus.FAILED);
  }

  @Test
  void s30_anyCaseSuffices() {
    TaskNode<String> a = fail("A", "X");
    TaskNode<String> b = ok("B");
    startWorker();
    WorkflowHandle<?> h =
        gallop
            .workflow("policy")
            .nodes(a, b)
            .successPolicy(SuccessPolicy.of(SuccessCase.of(a), SuccessCase.of(b)))
            .build()
            .start();
    h.get(WAIT);
    assertThat(h.status()).isEqualTo(WorkflowStatus.COMPLETED);
  }

  @Test
  void s31_skippedRequiredNodeGivesSuccessCaseNotMet() {
    TaskNode<String> x = fail("X", "X_FAIL");
    TaskNode<String> r = ok("R", x);
    startWorker();
    WorkflowHandle<?> h =
        gallop
            .workflow("policy")
            .nodes(x, r)
            .successPolicy(SuccessPolicy.of(SuccessCase.of(r)))
            .build()
            .start();
    assertThat(h.get(WAIT).hasCode(BuiltInCode.WORKFLOW_SUCCESS_CASE_NOT_MET)).isTrue();
    assertThat(h.status()).isEqualTo(WorkflowStatus.FAILED);
  }

  @Test
  void skippedOutputUnderAPolicyIsUpstreamSkipped() {
    TaskNode<String> a = ok("A");
    TaskNode<String> x = fail("X", "X_FAIL");
    TaskNode<String> out = ok("OUT", x);
    startWorker();
    WorkflowHandle<String> h =
        gallop
            .workflow("policy")
            .nodes(a, x, out)
            .output(out)
            .successPolicy(SuccessPolicy.of(SuccessCase.of(a)))
            .build()
            .start();
    TaskResult<String> r = h.get(WAIT);
    assertThat(h.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(r.hasCode(BuiltInCode.UPSTREAM_SKIPPED)).isTrue();
    assertThat((Map<String, Object>) r.errValue().data())
        .containsEntry("dependencyIndex", 2)
        .containsEntry("nodeId", "OUT");
  }

  @Test
  void skippedSinkMapsToUpstreamSkippedNeverNull() {
    TaskNode<String> a = ok("A");
    TaskNode<String> x = fail("X", "X_FAIL");
    TaskNode<String> s = ok("S", x);
    startWorker();
    WorkflowHandle<Map<String, TaskResult<?>>> h =
        gallop
            .workflow("policy")
            .nodes(a, x, s)
            .successPolicy(SuccessPolicy.of(SuccessCase.of(a)))
            .build()
            .start();
    Map<String, TaskResult<?>> m = h.get(WAIT).okValue();
    assertThat(m).containsOnlyKeys("A", "S");
    assertThat(m.get("S").hasCode(BuiltInCode.UPSTREAM_SKIPPED)).isTrue();
  }
}
