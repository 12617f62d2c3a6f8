package dev.gallop.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/** Valid inputs compile with no warnings under -Xlint:all and generate the documented types. */
class GallopProcessorTest {
  @Test
  void theSpecificationsCheckoutCompilesWithoutWarnings() {
    Compilation c = Sources.compile(Sources.dir("checkout"));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("shop.OrdersTasks");
    assertThat(c).generatedSourceFile("shop.CheckoutWorkflow");
  }

  @Test
  void theIndexListsTheGeneratedDiscoveryHooks() {
    Compilation c = Sources.compile(Sources.dir("checkout"));
    assertThat(c)
        .generatedFile(
            StandardLocation.CLASS_OUTPUT,
            "",
            "META-INF/services/dev.gallop.discovery.GeneratedTasks")
        .contentsAsUtf8String()
        .isEqualTo("shop.OrdersTasks$Module\n");
    assertThat(c)
        .generatedFile(
            StandardLocation.CLASS_OUTPUT,
            "",
            "META-INF/services/dev.gallop.discovery.GeneratedWorkflow")
        .contentsAsUtf8String()
        .isEqualTo("shop.CheckoutWorkflow$Module\n");
  }

  @Test
  void verboseModeNotesEveryGeneratedFile() {
    Compilation c = Sources.compile(Sources.dir("checkout"), "-Agallop.verbose=true");
    assertThat(c).succeeded();
    assertThat(c).hadNoteContaining("gallop: generated shop.OrdersTasks");
    assertThat(c).hadNoteContaining("gallop: generated shop.CheckoutWorkflow");
  }

  @Test
  void aTaskClassThatNeverAppearsIsOneClearErrorAfterTheLastRound() {
    Compilation c =
        Sources.compile(
            java.util.List.of(
                Sources.source(
                    "t.W",
                    """
                    package t;
                    import dev.gallop.annotations.*;
                    public interface W {
                      @Workflow(key = "k") void w(String x);
                      @Node(of = NotGenerated.class) String a(String x);
                    }
                    """)));
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "GALLOP-413: the class named by @Node(of = ...) of method 'a' could not be resolved");
  }

  /** Generates {@code gen.Late}, a class with a @Task method, in the first round. */
  static final class LateTaskGenerator extends javax.annotation.processing.AbstractProcessor {
    private boolean done;

    @Override
    public java.util.Set<String> getSupportedAnnotationTypes() {
      return java.util.Set.of("*");
    }

    @Override
    public javax.lang.model.SourceVersion getSupportedSourceVersion() {
      return javax.lang.model.SourceVersion.latestSupported();
    }

    @Override
    public boolean process(
        java.util.Set<? extends javax.lang.model.element.TypeElement> annotations,
        javax.annotation.processing.RoundEnvironment round) {
      if (done) {
        return false;
      }
      done = true;
      try (java.io.Writer w = processingEnv.getFiler().createSourceFile("gen.Late").openWriter()) {
        w.write(
            """
            package gen;
            import dev.gallop.annotations.Task;
            import dev.gallop.task.TaskResult;
            public class Late {
              @Task("late") public TaskResult<String> late(String x) { return TaskResult.ok(x); }
            }
            """);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return false;
    }
  }

  @Test
  void aTaskClassGeneratedByAnotherProcessorInALaterRoundIsWaitedFor() {
    Compilation c =
        com.google.testing.compile.Compiler.javac()
            .withProcessors(new GallopProcessor(), new LateTaskGenerator())
            .withOptions("-Xlint:all,-processing")
            .compile(
                Sources.source(
                    "t.W",
                    """
                    package t;
                    import dev.gallop.annotations.*;
                    public interface W {
                      @Workflow(key = "k", output = "late") String w(String x);
                      @Node(of = gen.Late.class) String late(String x);
                    }
                    """));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("gen.LateTasks");
    assertThat(c).generatedSourceFile("t.WWorkflow");
  }
}
