package dev.gallop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gallop.error.TaskSendException;
import dev.gallop.error.WorkflowStartException;
import dev.gallop.task.Task;
import dev.gallop.task.TaskResult;
import dev.gallop.workflow.SubWorkflowNode;
import dev.gallop.workflow.TaskNode;
import dev.gallop.workflow.WorkflowDefinition;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The {@code check} entry point on an offline engine: no database, every problem at once. */
class CheckMainTest {
  public record In(int n) {}

  public record Params(int n) {}

  static Task<In, Integer> task(Gallop g) {
    return g.task("double", In.class, Integer.class)
        .handler((in, ctx) -> TaskResult.ok(in.n() * 2));
  }

  /** Valid definitions only. */
  public static final class GoodApp implements GallopApplication {
    @Override
    public void register(Gallop g) {
      Task<In, Integer> t = task(g);
      g.register(
          WorkflowDefinition.builder("good.v1", "good", Params.class, Integer.class)
              .sampleParameters(new Params(1))
              .build((wf, p) -> {
                TaskNode<Integer> n = TaskNode.of(t).input("n", p.n()).nodeId("n").build();
                return wf.workflow("good").nodes(n).output(n).build();
              }));
    }
  }

  /** One problem of each kind. */
  public static final class BadApp implements GallopApplication {
    @Override
    public void register(Gallop g) {
      Task<In, Integer> t = task(g);
      g.register(
          WorkflowDefinition.builder("nosample.v1", "nosample", Params.class, Integer.class)
              .build((wf, p) -> null));
      g.register(
          WorkflowDefinition.builder("throws.v1", "throws", Integer.class)
              .build((wf, p) -> {
                throw new IllegalStateException("boom");
              }));
      g.register(
          WorkflowDefinition.builder("missing.v1", "missing", Integer.class)
              .build((wf, p) -> {
                TaskNode<Integer> n = TaskNode.of(t).nodeId("n").build();
                return wf.workflow("missing").nodes(n).output(n).build();
              }));
      // a contains b, b contains a
      WorkflowDefinition<Void, Integer> bDecl =
          WorkflowDefinition.builder("b.v1", "b", Integer.class).build((wf, p) -> null);
      WorkflowDefinition<Void, Integer> a =
          WorkflowDefinition.builder("a.v1", "a", Integer.class)
              .contains(bDecl)
              .build((wf, p) -> {
                SubWorkflowNode<Integer> s = SubWorkflowNode.of(bDecl).nodeId("b").build();
                return wf.workflow("a").nodes(s).output(s).build();
              });
      g.register(a);
      g.register(
          WorkflowDefinition.builder("b.v1", "b", Integer.class)
              .contains(a)
              .build((wf, p) -> {
                SubWorkflowNode<Integer> s = SubWorkflowNode.of(a).nodeId("a").build();
                return wf.workflow("b").nodes(s).output(s).build();
              }));
    }
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        CheckMain.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void validApplicationPasses() {
    Run r = run(GoodApp.class.getName());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("OK: 1 workflow definition checked");
  }

  @Test
  void everyProblemIsReportedAtOnceWithExitCodeOne() {
    Run r = run(BadApp.class.getName());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("GALLOP-027")
        .contains("nosample.v1")
        .contains("GALLOP-029")
        .contains("boom")
        .contains("GALLOP-020")
        .contains("missing.v1")
        .contains("GALLOP-007")
        .containsPattern(
            "containment cycle between workflow definitions: (a.v1 -> b.v1 -> a.v1|b.v1 -> a.v1 -> b.v1)");
  }

  @Test
  void badArgumentsExitWithTwo() {
    assertThat(run().code()).isEqualTo(2);
    assertThat(run("no.such.App").code()).isEqualTo(2);
  }

  @Test
  void offlineEngineBuildsSpecsButNeitherStartsNorSends() {
    try (Gallop g = Gallop.builder().offline().build()) {
      Task<In, Integer> t = task(g);
      var spec = g.workflow("w").nodes(TaskNode.of(t).input("n", 1).build()).build();
      assertThatThrownBy(spec::start)
          .isInstanceOfSatisfying(
              WorkflowStartException.class,
              e ->
                  assertThat(e.code())
                      .isEqualTo(WorkflowStartException.Code.BROKER_NOT_CONFIGURED));
      assertThatThrownBy(() -> t.send(new In(1))).isInstanceOf(TaskSendException.class);
      assertThatThrownBy(() -> g.worker(dev.gallop.worker.WorkerOptions.defaults()))
          .isInstanceOf(IllegalStateException.class);
    }
  }
}
