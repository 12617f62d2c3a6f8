package dev.gallop.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One compile-testing case per diagnostic: the code, the file and the line (the line marked {@code
 * // <-} in the source). Sources are completed with a shared task class {@code t.Svc}.
 */
class DiagnosticsTest {
  private static final String SVC =
      """
      package t;
      import dev.gallop.annotations.Task;
      import dev.gallop.task.TaskResult;
      import dev.gallop.workflow.WorkflowContext;
      import org.jspecify.annotations.Nullable;
      public class Svc {
        @Task("a") public TaskResult<String> a(String x) { return TaskResult.ok(x); }
        @Task("b") public TaskResult<Integer> b(TaskResult<String> in, int n) { return TaskResult.ok(n); }
        @Task("c") public TaskResult<String> c(String x, WorkflowContext ctx) { return TaskResult.ok(x); }
        @Task("d") public TaskResult<String> d(@Nullable TaskResult<String> p, @Nullable TaskResult<String> q) { return TaskResult.ok(""); }
        @Task("e") public TaskResult<String> e(TaskResult<? extends Number> n) { return TaskResult.ok(""); }
      }
      """;

  private static final String CHILD =
      """
      package t;
      import dev.gallop.annotations.*;
      public interface Child {
        @Workflow(key = "child", output = "a") String child(String x);
        @Node(of = Svc.class) String a(String x);
      }
      """;

  /** Contains W, which the containment-cycle case makes contain Loop. */
  private static final String LOOP =
      """
      package t;
      import dev.gallop.annotations.*;
      import dev.gallop.task.TaskResult;
      public interface Loop {
        @Workflow(key = "loop") void loop();
        @SubWorkflow(W.class) java.util.Map<String, TaskResult<?>> w();
      }
      """;

  /** A workflow interface {@code t.W} around {@code body}, importing what cases use. */
  private static String wf(String body) {
    return """
    package t;
    import dev.gallop.annotations.*;
    import dev.gallop.task.TaskResult;
    import org.jspecify.annotations.Nullable;
    public interface W {
    """
        + body
        + "\n}\n";
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "GALLOP-001",
            wf(
                """
                @Workflow(key = "k", name = " ", output = "a") // <-
                String w(String x);
                @Node(of = Svc.class) String a(String x);\
                """)),
        Arguments.of(
            "GALLOP-016",
            wf(
                """
                @Workflow(key = " ", output = "a") // <-
                String w(String x);
                @Node(of = Svc.class) String a(String x);\
                """)),
        Arguments.of(
            "GALLOP-402",
            wf(
                """
                @Workflow(key = "k", output = "a") String w(String x);
                @Workflow(key = "k2") void v(); // <-
                @Node(of = Svc.class) String a(String x);\
                """)),
        Arguments.of(
            "GALLOP-403",
            wf(
                """
                @Workflow(key = "k", output = "a") String w(String x);
                @Node(of = Svc.class) default String a(String x) { return x; } // <-\
                """)),
        Arguments.of(
            "GALLOP-002",
            wf(
                """
                @Workflow(key = "k") void w(); // <-\
                """)),
        Arguments.of(
            "GALLOP-004",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class) String a(String x);
                @Node(of = Svc.class) String a(String x, int y); // <-\
                """)),
        Arguments.of(
            "GALLOP-003",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class, task = "a") String a$b(String x); // <-\
                """)),
        Arguments.of(
            "GALLOP-405",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class, task = "a") String status(String x); // <-\
                """)),
        Arguments.of(
            "GALLOP-407",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class) String a(String x);
                String helper(); // <-\
                """)),
        Arguments.of(
            "GALLOP-006",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class) String a(String x);
                @Node(of = Svc.class) Integer b(@From("aa") TaskResult<String> in, @Value("1") int n); // <-\
                """)),
        Arguments.of(
            "GALLOP-006",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class) String a(String x);
                @Node(of = Svc.class, task = "a", waitsFor = "nope") String z(String x); // <-\
                """)),
        Arguments.of(
            "GALLOP-011",
            wf(
                """
                @Workflow(key = "k", output = "zz") // <-
                String w(String x);
                @Node(of = Svc.class) String a(String x);\
                """)),
        Arguments.of(
            "GALLOP-011",
            wf(
                """
                @Workflow(key = "k") // <-
                String w(String x);
                @Node(of = Svc.class) String a(String x);\
                """)),
        Arguments.of(
            "GALLOP-012",
            wf(
                """
                @Workflow(key = "k", success = @SuccessCase("zz")) // <-
                void w(String x);
                @Node(of = Svc.class) String a(String x);\
                """)),
        Arguments.of(
            "GALLOP-012",
            wf(
                """
                @Workflow(key = "k", success = @SuccessCase("a"), optional = "a") // <-
                void w(String x);
                @Node(of = Svc.class) String a(String x);\
                """)),
        Arguments.of(
            "GALLOP-007",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class) String a(String x);
                @Node(of = Svc.class, task = "a", waitsFor = {"a", "q"}) String p(String x); // <-
                @Node(of = Svc.class, task = "a", waitsFor = "p") String q(String x);\
                """)),
        Arguments.of(
            "GALLOP-005",
            wf(
                """
                @Workflow(key = "k") void w(String x); // <-
                @Node(of = Svc.class, task = "a", waitsFor = "q") String p(String x);
                @Node(of = Svc.class, task = "a", waitsFor = "p") String q(String x);\
                """)),
        Arguments.of(
            "GALLOP-010",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class) String a(String x);
                @Node(of = Svc.class, task = "a", ctxFrom = "a") String z(String x); // <-\
                """)),
        Arguments.of(
            "GALLOP-013",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class) String a(String x);
                @Node(of = Svc.class, join = Join.QUORUM, minSuccess = 3) // <-
                String d(@From("a") @Nullable TaskResult<String> p, @From("a") @Nullable TaskResult<String> q);\
                """)),
        Arguments.of(
            "GALLOP-013",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class) String a(String x);
                @Node(of = Svc.class, join = Join.ANY, allowFailedDeps = true) // <-
                String d(@From("a") @Nullable TaskResult<String> p, @From("a") @Nullable TaskResult<String> q);\
                """)),
        Arguments.of(
            "GALLOP-408",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class) String a(String x);
                @Node(of = Svc.class, join = Join.ANY)
                String d(
                    @From("a") TaskResult<String> p, // <-
                    @From("a") @Nullable TaskResult<String> q);\
                """)),
        Arguments.of(
            "GALLOP-015",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class, priority = 101) String a(String x); // <-\
                """)),
        Arguments.of(
            "GALLOP-102",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class, goodFor = "ten minutes") String a(String x); // <-\
                """)),
        Arguments.of(
            "GALLOP-406",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class, task = "aa") String z(String x); // <-\
                """)),
        Arguments.of(
            "GALLOP-019",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class) String a(String x, String y); // <-\
                """)),
        Arguments.of(
            "GALLOP-020",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class) String a(); // <-\
                """)),
        Arguments.of(
            "GALLOP-024",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class) String a(String x);
                @Node(of = Svc.class) Integer b(@From("a") String in, @Value("1") int n); // <-\
                """)),
        Arguments.of(
            "GALLOP-024",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class) String a(String x);
                @Node(of = Svc.class) Integer b(@From("a") TaskResult<String> in, @Value("one") int n); // <-\
                """)),
        Arguments.of(
            "GALLOP-024",
            wf(
                """
                @Workflow(key = "k") void w(Integer x);
                @Node(of = Svc.class) String a(String x); // <-\
                """)),
        Arguments.of(
            "GALLOP-024",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class) String a(String x);
                @Node(of = Svc.class) String e(@From("a") TaskResult<? extends Number> n); // <-\
                """)),
        Arguments.of(
            "GALLOP-025",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class) Integer a(String x); // <-\
                """)),
        Arguments.of(
            "GALLOP-025",
            wf(
                """
                @Workflow(key = "k", output = "a") // <-
                Integer w(String x);
                @Node(of = Svc.class) String a(String x);\
                """)),
        Arguments.of(
            "GALLOP-410",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class) String a(@Param("x") @Value("v") String x); // <-\
                """)),
        Arguments.of(
            "GALLOP-412",
            wf(
                """
                @Workflow(key = "k") void w(String y);
                @Node(of = Svc.class) String a(String x); // <-\
                """)),
        Arguments.of(
            "GALLOP-409",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @Node(of = Svc.class) String a(String x);
                @Task(value = "r", retry = @Retry(max = 1, maxDelay = "PT1M")) // <-
                default TaskResult<String> r() { return null; }\
                """)),
        Arguments.of(
            "GALLOP-414",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @SubWorkflow(Svc.class) String c(String x); // <-\
                """)),
        Arguments.of(
            "GALLOP-022",
            wf(
                """
                @Workflow(key = "k") void w(String x, String y);
                @SubWorkflow(Child.class) String c(String y); // <-\
                """)),
        Arguments.of(
            "GALLOP-023",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @SubWorkflow(Child.class) String c(); // <-\
                """)),
        Arguments.of(
            "GALLOP-025",
            wf(
                """
                @Workflow(key = "k") void w(String x);
                @SubWorkflow(Child.class) Integer c(String x); // <-\
                """)),
        Arguments.of(
            "GALLOP-007",
            wf(
                """
                @Workflow(key = "k") void w();
                @SubWorkflow(Loop.class) java.util.Map<String, TaskResult<?>> loop(); // <-\
                """)));
  }

  @ParameterizedTest(name = "{0} #{index}")
  @MethodSource("cases")
  void reportsTheCodeOnTheMarkedLine(String code, String source) {
    Compilation c =
        Sources.compile(
            List.of(
                svc(),
                Sources.source("t.W", source),
                Sources.source("t.Child", CHILD),
                Sources.source("t.Loop", LOOP)));
    assertThat(c).failed();
    assertThat(c).hadErrorContaining(code + ":").inFile(file(c, source)).onLine(line(source));
    assertNoFollowUpErrors(c);
  }

  static Stream<Arguments> taskCases() {
    return Stream.of(
        Arguments.of("GALLOP-101", "@Task(\"x\") public String x() { return \"\"; } // <-"),
        Arguments.of(
            "GALLOP-102", "@Task(\" \") public TaskResult<String> x() { return null; } // <-"),
        Arguments.of(
            "GALLOP-102",
            "@Task(value = \"x\", retry = @Retry(max = -1)) public TaskResult<String> x() { return null; } // <-"),
        Arguments.of(
            "GALLOP-102",
            "@Task(value = \"x\", goodFor = \"5m\") public TaskResult<String> x() { return null; } // <-"),
        Arguments.of(
            "GALLOP-015",
            "@Task(value = \"x\", priority = 0 - 5) public TaskResult<String> x() { return null; } // <-"),
        Arguments.of(
            "GALLOP-212",
            "@Task(value = \"x\", defaultErrorCode = \"TASK_EXPIRED\") public TaskResult<String> x() { return null; } // <-"),
        Arguments.of(
            "GALLOP-404", "@Task(\"x\") private TaskResult<String> x() { return null; } // <-"),
        Arguments.of(
            "GALLOP-404", "@Task(\"x\") public <X> TaskResult<String> x() { return null; } // <-"),
        Arguments.of(
            "GALLOP-301",
            "@Task(\"x\") public TaskResult<String> x() { return null; }\n"
                + "  @Task(\"x\") public TaskResult<String> y() { return null; } // <-"));
  }

  @ParameterizedTest(name = "{0} #{index}")
  @MethodSource("taskCases")
  void reportsTaskMistakesOnTheMarkedLine(String code, String method) {
    String source =
        """
        package t;
        import dev.gallop.annotations.*;
        import dev.gallop.task.TaskResult;
        public class Bad {
          %s
        }
        """
            .formatted(method);
    Compilation c = Sources.compile(List.of(Sources.source("t.Bad", source)));
    assertThat(c).failed();
    assertThat(c).hadErrorContaining(code + ":").inFile(file(c, source)).onLine(line(source));
    assertNoFollowUpErrors(c);
  }

  @Test
  void nodeAnnotationsOutsideAnInterfaceAre401() {
    String source =
        """
        package t;
        import dev.gallop.annotations.*;
        public abstract class W {
          @Workflow(key = "k") abstract void w(); // <-
        }
        """;
    Compilation c = Sources.compile(List.of(Sources.source("t.W", source)));
    assertThat(c).hadErrorContaining("GALLOP-401:").inFile(file(c, source)).onLine(line(source));
  }

  @Test
  void everyMistakeOfACompilationIsReportedAtOnceWithDidYouMean() {
    String source =
        wf(
            """
            @Workflow(key = " ", output = "nope") String w(String x);
            @Node(of = Svc.class) String a(String x);
            @Node(of = Svc.class) Integer b(@From("aa") TaskResult<String> in, @Value("1") int n);
            @Node(of = Svc.class, task = "cc") String z(String x);
            @Node(of = Svc.class, priority = 0 - 1, task = "a") String y(String x);\
            """);
    Compilation c = Sources.compile(List.of(svc(), Sources.source("t.W", source)));
    assertThat(c).hadErrorCount(5);
    assertThat(c).hadErrorContaining("GALLOP-016");
    assertThat(c)
        .hadErrorContaining("GALLOP-006: @From names unknown node 'aa'; did you mean 'a'?");
    assertThat(c).hadErrorContaining("GALLOP-406: Svc has no @Task method 'cc'; did you mean 'c'?");
    assertThat(c).hadErrorContaining("GALLOP-015");
    assertThat(c).hadErrorContaining("GALLOP-011");
  }

  @Test
  void aCycleIsReportedAsItsPath() {
    String source =
        wf(
            """
            @Workflow(key = "k") void w(String x);
            @Node(of = Svc.class) String a(String x);
            @Node(of = Svc.class, task = "a", waitsFor = {"a", "r"}) String p(String x);
            @Node(of = Svc.class, task = "a", waitsFor = "p") String q(String x);
            @Node(of = Svc.class, task = "a", waitsFor = "q") String r(String x);\
            """);
    Compilation c = Sources.compile(List.of(svc(), Sources.source("t.W", source)));
    assertThat(c).hadErrorContaining("GALLOP-007: cycle: p -> q -> r -> p");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void theBuiltInCodeListMatchesTheRuntime() {
    assertThat(Names.BUILT_IN_CODES)
        .containsExactlyInAnyOrderElementsOf(
            Stream.of(dev.gallop.task.BuiltInCode.values()).map(Enum::name).toList());
  }

  /** Only Gallop's own errors: nothing was generated from a broken model to fail later. */
  private static void assertNoFollowUpErrors(Compilation c) {
    assertThat(c.errors())
        .allSatisfy(e -> assertThat(e.getMessage(java.util.Locale.ROOT)).startsWith("GALLOP-"));
  }

  private static JavaFileObject svc() {
    return Sources.source("t.Svc", SVC);
  }

  private static JavaFileObject file(Compilation c, String source) {
    return c.sourceFiles().stream()
        .filter(
            f -> f.toUri().getPath().endsWith(source.contains("class Bad") ? "Bad.java" : "W.java"))
        .findFirst()
        .orElseThrow();
  }

  private static long line(String source) {
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains("// <-")) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("no // <- marker in\n" + source);
  }
}
