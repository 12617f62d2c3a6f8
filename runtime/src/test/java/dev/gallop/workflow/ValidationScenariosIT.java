package dev.gallop.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gallop.error.WorkflowValidationException;
import dev.gallop.task.Task;
import dev.gallop.task.TaskResult;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Scenarios 48-53: construction throws, problems are reported together, nothing is written. */
class ValidationScenariosIT extends WorkflowTestBase {
  record Typed(@Nullable TaskResult<Integer> n, String s) {}

  record Opt(Optional<String> maybe, @Nullable String nullable, long count, WorkflowMeta meta) {}

  private static List<String> codes(Supplier<?> build) {
    try {
      build.get();
    } catch (WorkflowValidationException e) {
      return e.codes();
    }
    throw new AssertionError("expected a WorkflowValidationException");
  }

  @Test
  void s48_cycles() {
    // A->B->A and nothing else: no root and a cycle
    TaskNode<String> a = step("A").waitsFor(NodeKey.of("B")).build();
    TaskNode<String> b = ok("B", a);
    assertThat(codes(() -> gallop.workflow("w").nodes(a, b).build()))
        .containsExactlyInAnyOrder("GALLOP-005", "GALLOP-007");
    // A->B->C->A
    TaskNode<String> a3 = step("A").waitsFor(NodeKey.of("C")).build();
    TaskNode<String> b3 = ok("B", a3);
    TaskNode<String> c3 = ok("C", b3);
    assertThat(codes(() -> gallop.workflow("w").nodes(a3, b3, c3).build()))
        .containsExactlyInAnyOrder("GALLOP-005", "GALLOP-007");
    // R->A->B->A: a root is left, so only the cycle
    TaskNode<String> r = ok("R");
    TaskNode<String> a4 = step("A", r).waitsFor(NodeKey.of("B")).build();
    TaskNode<String> b4 = ok("B", a4);
    assertThat(codes(() -> gallop.workflow("w").nodes(r, a4, b4).build()))
        .containsExactly("GALLOP-007");
    assertThat(
            codes(() ->
                gallop
                    .workflow("w")
                    .nodes(ok("X"), step("Y").waitsFor(NodeKey.of("nope")).build())
                    .build()))
        .containsExactly("GALLOP-006");
    assertThat(sqlLong("select count(*) from gallop_workflows")).isZero();
  }

  @Test
  void keyReferencesResolveForwardAndRun() {
    TaskNode<String> last = step("LAST").waitsFor(NodeKey.of("FIRST")).build();
    TaskNode<String> first = ok("FIRST");
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("forward").nodes(last, first).build().start();
    assertThat(h.get(WAIT).isOk()).isTrue();
    assertThat(spans.get("LAST")[0]).isGreaterThan(spans.get("FIRST")[1]);
  }

  @Test
  void s49_argsAndContextMustBeInWaitsFor() {
    TaskNode<String> a = ok("A");
    TaskNode<String> c = TaskNode.of(consume).nodeId("C").argsFrom("x", a).build();
    assertThat(codes(() -> gallop.workflow("w").nodes(a, c).build())).containsExactly("GALLOP-008");
    TaskNode<String> d =
        TaskNode.of(withCtx)
            .nodeId("D")
            .waitsFor(a)
            .argsFrom("b", a)
            .workflowCtxFrom(ok("E"))
            .build();
    assertThat(codes(() -> gallop.workflow("w").nodes(a, d).build())).containsExactly("GALLOP-009");
    TaskNode<String> e = step("E2", a).workflowCtxFrom(a).build();
    assertThat(codes(() -> gallop.workflow("w").nodes(a, e).build())).containsExactly("GALLOP-010");
  }

  @Test
  void s50_inputNamesAndTypes() {
    TaskNode<String> a = ok("A");
    TaskNode<String> clash =
        TaskNode.of(consume).nodeId("C").waitsFor(a).argsFrom("x", a).input("x", "static").build();
    assertThat(codes(() -> gallop.workflow("w").nodes(a, clash).build()))
        .containsExactly("GALLOP-021");
    TaskNode<String> disjoint =
        TaskNode.of(pair).nodeId("P").waitsFor(a).argsFrom("b", a).input("c", null).build();
    assertThat(codes(() -> gallop.workflow("w2").nodes(ok("A"), disjoint).build()))
        .contains("GALLOP-024");
    TaskNode<String> a2 = ok("A");
    TaskNode<String> unknown =
        TaskNode.of(consume).nodeId("C").waitsFor(a2).argsFrom("nope", a2).build();
    assertThat(codes(() -> gallop.workflow("w").nodes(a2, unknown).build()))
        .containsExactly("GALLOP-019");
    Task<Typed, String> typed =
        gallop.task("typed", Typed.class, String.class).handler((in, ctx) -> TaskResult.ok("t"));
    TaskNode<String> a3 = ok("A");
    TaskNode<String> mismatch =
        TaskNode.of(typed).nodeId("T").waitsFor(a3).argsFrom("n", a3).input("s", "x").build();
    assertThat(codes(() -> gallop.workflow("w").nodes(a3, mismatch).build()))
        .containsExactly("GALLOP-024");
    TaskNode<String> missing = TaskNode.of(typed).nodeId("T").build();
    assertThat(codes(() -> gallop.workflow("w").nodes(missing).build()))
        .containsExactly("GALLOP-020");
    Task<Opt, String> opt =
        gallop.task("opt", Opt.class, String.class).handler((in, ctx) -> TaskResult.ok("o"));
    TaskNode<String> optional = TaskNode.of(opt).nodeId("O").input("count", 3).build();
    assertThat(gallop.workflow("w").nodes(optional).build().tasks()).hasSize(1);
  }

  @Test
  void s51_nodeIdsAreReportedAlone() {
    TaskNode<String> space =
        TaskNode.of(op).input("label", "x").input("sleepMs", 0).nodeId("has space").build();
    TaskNode<String> foreign = ok("F");
    List<String> c =
        codes(() -> gallop.workflow("w").nodes(space, ok("B", foreign)).output(foreign).build());
    assertThat(c).containsExactly("GALLOP-003");
    TaskNode<String> slash =
        TaskNode.of(op).input("label", "x").input("sleepMs", 0).nodeId("a/b").build();
    assertThat(codes(() -> gallop.workflow("w").nodes(slash).build()))
        .containsExactly("GALLOP-003");
    TaskNode<String> longId =
        TaskNode.of(op).input("label", "x").input("sleepMs", 0).nodeId("x".repeat(129)).build();
    assertThat(codes(() -> gallop.workflow("w").nodes(longId).build()))
        .containsExactly("GALLOP-003");
    assertThat(codes(() -> gallop.workflow("w").nodes(ok("D"), ok("D")).build()))
        .containsExactly("GALLOP-004");
    TaskNode<Integer> anon = TaskNode.of(num).input("value", 1).build();
    gallop.workflow("first").nodes(anon).build();
    assertThat(codes(() -> gallop.workflow("second").nodes(anon).build()))
        .containsExactly("GALLOP-004");
    TaskNode<String> explicit = ok("E");
    gallop.workflow("first").nodes(explicit).build();
    assertThat(gallop.workflow("second").nodes(explicit).build().tasks()).containsExactly(explicit);
  }

  @Test
  void s52_joinRules() {
    TaskNode<String> a = ok("A");
    TaskNode<String> b = ok("B");
    assertThat(
            codes(() ->
                gallop
                    .workflow("w")
                    .nodes(a, b, step("Q", a, b).join(JoinType.QUORUM).build())
                    .build()))
        .containsExactly("GALLOP-013");
    assertThat(
            codes(
                () -> gallop.workflow("w").nodes(a, b, step("Q", a, b).quorum(0).build()).build()))
        .containsExactly("GALLOP-013");
    assertThat(
            codes(
                () -> gallop.workflow("w").nodes(a, b, step("Q", a, b).quorum(3).build()).build()))
        .containsExactly("GALLOP-013");
    assertThat(
            codes(() -> gallop.workflow("w").nodes(a, step("Q", a).minSuccess(1).build()).build()))
        .containsExactly("GALLOP-013");
    assertThat(
            codes(() ->
                gallop
                    .workflow("w")
                    .nodes(a, step("Q", a).join(JoinType.ANY).minSuccess(1).build())
                    .build()))
        .containsExactly("GALLOP-013");
    assertThat(
            codes(() ->
                gallop
                    .workflow("w")
                    .nodes(a, step("Q", a).join(JoinType.ANY).allowFailedDeps().build())
                    .build()))
        .containsExactly("GALLOP-013");
    assertThat(
            codes(() ->
                gallop
                    .workflow("w")
                    .nodes(a, step("Q", a).quorum(1).allowFailedDeps().build())
                    .build()))
        .containsExactly("GALLOP-013");
  }

  @Test
  void s53_otherProblemsAreReportedTogetherAndNothingIsWritten() {
    assertThat(codes(() -> gallop.workflow("w").build())).containsExactly("GALLOP-002");
    TaskNode<String> foreign = ok("F");
    TaskNode<String> a = ok("A");
    assertThat(codes(() -> gallop.workflow("w").nodes(a).output(foreign).build()))
        .containsExactly("GALLOP-011");
    assertThat(
            codes(() ->
                gallop
                    .workflow("w")
                    .nodes(a)
                    .successPolicy(new SuccessPolicy(List.of(), List.of()))
                    .build()))
        .containsExactly("GALLOP-012");
    assertThat(
            codes(() ->
                gallop
                    .workflow("w")
                    .nodes(a)
                    .successPolicy(SuccessPolicy.of(SuccessCase.of()))
                    .build()))
        .containsExactly("GALLOP-012");
    assertThat(
            codes(() ->
                gallop
                    .workflow("w")
                    .nodes(a)
                    .successPolicy(SuccessPolicy.of(SuccessCase.of(foreign)))
                    .build()))
        .containsExactly("GALLOP-012");
    TaskNode<String> b = ok("B");
    WorkflowValidationException e =
        (WorkflowValidationException)
            catchThrowable(() ->
                gallop
                    .workflow("w")
                    .nodes(a, b, step("Q", a, b).quorum(5).build())
                    .output(foreign)
                    .build());
    assertThat(e.codes()).containsExactlyInAnyOrder("GALLOP-011", "GALLOP-013");
    assertThat(e.problems()).allSatisfy(p -> assertThat(p.message()).isNotBlank());
    assertThat(e.getMessage()).contains("GALLOP-011").contains("GALLOP-013");
    assertThat(codes(() -> gallop.workflow("w").nodes(ok("A", foreign)).build()))
        .contains("GALLOP-006");
    assertThat(codes(() -> gallop.workflow(" ").nodes(ok("A")).build()))
        .containsExactly("GALLOP-001");
    assertThat(codes(() -> gallop.workflow("w").nodes(step("A").queue("nope").build()).build()))
        .containsExactly("GALLOP-014");
    assertThat(codes(() -> gallop.workflow("w").nodes(step("A").priority(0).build()).build()))
        .containsExactly("GALLOP-015");
    assertThat(
            codes(() ->
                gallop
                    .workflow("w")
                    .nodes(step("A").input("sleepMs", new Object()).build())
                    .build()))
        .containsExactly("GALLOP-024");
    assertThat(sqlLong("select count(*) from gallop_workflows")).isZero();
  }

  private static Throwable catchThrowable(Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected an exception");
  }

  @Test
  void staticInputsAreSerializedAtBuildTime() {
    java.util.ArrayList<String> list = new java.util.ArrayList<>(List.of("a"));
    record Items(List<String> items) {}
    Task<Items, Integer> count =
        gallop
            .task("count", Items.class, Integer.class)
            .handler((in, ctx) -> TaskResult.ok(in.items().size()));
    TaskNode<Integer> n = TaskNode.of(count).input("items", list).nodeId("N").build();
    WorkflowSpec<Integer> spec = gallop.workflow("frozen").nodes(n).output(n).build();
    list.add("b");
    startWorker();
    assertThat(spec.start().get(WAIT)).isEqualTo(TaskResult.ok(1));
    assertThatThrownBy(() -> spec.tasks().add(n)).isInstanceOf(UnsupportedOperationException.class);
  }
}
