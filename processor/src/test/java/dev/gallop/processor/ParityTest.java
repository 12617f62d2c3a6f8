package dev.gallop.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.testing.compile.Compilation;
import dev.gallop.Gallop;
import dev.gallop.error.WorkflowValidationException;
import dev.gallop.task.Task;
import dev.gallop.task.TaskResult;
import dev.gallop.workflow.NodeKey;
import dev.gallop.workflow.TaskNode;
import dev.gallop.workflow.WorkflowNode;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * For each mistake that both can see, the processor and the builder API's validator give the same
 * code: the same graph is written once as an annotated interface (compiled) and once with the
 * builder (validated on an offline engine, which needs no database).
 */
class ParityTest {
  record A(String x) {}

  record B(TaskResult<String> in, int n) {}

  record C(String x, dev.gallop.workflow.WorkflowContext ctx) {}

  record D(@Nullable TaskResult<String> p, @Nullable TaskResult<String> q) {}

  private static Gallop gallop;
  private static Task<A, String> a;
  private static Task<B, Integer> b;
  private static Task<A, String> plain;
  private static Task<D, String> d;

  @BeforeAll
  static void engine() {
    gallop = Gallop.builder().offline().ignoreEnvironment().build();
    a = gallop.task("a", A.class, String.class).handler((in, ctx) -> TaskResult.ok(in.x()));
    b = gallop.task("b", B.class, Integer.class).handler((in, ctx) -> TaskResult.ok(in.n()));
    plain = gallop.task("plain", A.class, String.class).handler((in, ctx) -> TaskResult.ok(""));
    d = gallop.task("d", D.class, String.class).handler((in, ctx) -> TaskResult.ok(""));
  }

  @AfterAll
  static void close() {
    gallop.close();
  }

  @Test
  void unknownNode() {
    same(
        "006",
        """
        @Workflow(key = "k") void w(String x);
        @Node(of = Svc.class) String a(String x);
        @Node(of = Svc.class, task = "a", waitsFor = "nope") String z(String x);\
        """,
        () ->
            List.of(
                node(a, "a"),
                TaskNode.of(a).input("x", "").nodeId("z").waitsFor(NodeKey.of("nope")).build()));
  }

  @Test
  void cycle() {
    same(
        "007",
        """
        @Workflow(key = "k") void w(String x);
        @Node(of = Svc.class) String a(String x);
        @Node(of = Svc.class, task = "a", waitsFor = {"a", "q"}) String p(String x);
        @Node(of = Svc.class, task = "a", waitsFor = "p") String q(String x);\
        """,
        () -> {
          TaskNode<String> root = node(a, "a");
          TaskNode<String> p =
              TaskNode.of(a)
                  .input("x", "")
                  .nodeId("p")
                  .waitsFor(root)
                  .waitsFor(NodeKey.of("q"))
                  .build();
          return List.of(root, p, TaskNode.of(a).input("x", "").nodeId("q").waitsFor(p).build());
        });
  }

  @Test
  void badQuorum() {
    same(
        "013",
        """
        @Workflow(key = "k") void w(String x);
        @Node(of = Svc.class) String a(String x);
        @Node(of = Svc.class, join = Join.QUORUM, minSuccess = 3)
        String d(@From("a") @Nullable TaskResult<String> p, @From("a") @Nullable TaskResult<String> q);\
        """,
        () -> {
          TaskNode<String> root = node(a, "a");
          return List.of(
              root,
              TaskNode.of(d)
                  .nodeId("d")
                  .waitsFor(root)
                  .argsFrom("p", root)
                  .argsFrom("q", root)
                  .quorum(3)
                  .build());
        });
  }

  @Test
  void priorityOutOfRange() {
    same(
        "015",
        """
        @Workflow(key = "k") void w(String x);
        @Node(of = Svc.class, priority = 101) String a(String x);\
        """,
        () -> List.of(TaskNode.of(a).input("x", "").nodeId("a").priority(101).build()));
  }

  @Test
  void unboundInput() {
    same(
        "020",
        """
        @Workflow(key = "k") void w(String x);
        @Node(of = Svc.class) String a();\
        """,
        () -> List.of(TaskNode.of(a).nodeId("a").build()));
  }

  @Test
  void contextWithoutWorkflowContext() {
    same(
        "010",
        """
        @Workflow(key = "k") void w(String x);
        @Node(of = Svc.class) String a(String x);
        @Node(of = Svc.class, task = "a", ctxFrom = "a") String z(String x);\
        """,
        () -> {
          TaskNode<String> root = node(a, "a");
          return List.of(
              root,
              TaskNode.of(plain)
                  .input("x", "")
                  .nodeId("z")
                  .waitsFor(root)
                  .workflowCtxFrom(root)
                  .build());
        });
  }

  @Test
  void edgeTypeMismatch() {
    same(
        "024",
        """
        @Workflow(key = "k") void w(String x);
        @Node(of = Svc.class) Integer b(@From("i") TaskResult<String> in, @Value("1") int n);
        @Node(of = Svc.class, task = "b") Integer i(@From("b") TaskResult<String> in, @Value("1") int n);\
        """,
        () -> {
          TaskNode<Integer> first =
              TaskNode.of(b).input("in", null).input("n", 1).nodeId("i0").build();
          return List.of(
              first,
              TaskNode.of(b)
                  .input("n", 1)
                  .nodeId("b")
                  .waitsFor(first)
                  .argsFrom("in", first)
                  .build());
        });
  }

  private static TaskNode<String> node(Task<A, String> t, String id) {
    return TaskNode.of(t).input("x", "").nodeId(id).build();
  }

  /** The processor's codes for {@code body} contain {@code code}, and so do the builder's. */
  private static void same(
      String code, String body, Supplier<List<? extends WorkflowNode<?>>> builder) {
    String full = "GALLOP-" + code;
    Compilation c =
        Sources.compile(
            List.of(
                Sources.source("t.Svc", svc()),
                Sources.source(
                    "t.W",
                    """
                    package t;
                    import dev.gallop.annotations.*;
                    import dev.gallop.task.TaskResult;
                    import org.jspecify.annotations.Nullable;
                    public interface W {
                    %s
                    }
                    """
                        .formatted(body))));
    List<String> processor =
        c.errors().stream().map(e -> e.getMessage(Locale.ROOT).substring(0, 10)).toList();
    WorkflowValidationException e =
        catchThrowableOfType(
            WorkflowValidationException.class,
            () -> gallop.workflow("w").nodes(builder.get()).build());
    assertThat(processor).as("processor codes").contains(full);
    assertThat(e).as("the builder API refuses the same graph").isNotNull();
    assertThat(e.codes()).as("builder codes").contains(full);
  }

  private static String svc() {
    return """
    package t;
    import dev.gallop.annotations.Task;
    import dev.gallop.task.TaskResult;
    import dev.gallop.workflow.WorkflowContext;
    import org.jspecify.annotations.Nullable;
    public class Svc {
      @Task("a") public TaskResult<String> a(String x) { return TaskResult.ok(x); }
      @Task("b") public TaskResult<Integer> b(TaskResult<Integer> in, int n) { return TaskResult.ok(n); }
      @Task("d") public TaskResult<String> d(@Nullable TaskResult<String> p, @Nullable TaskResult<String> q) { return TaskResult.ok(""); }
    }
    """;
  }
}
