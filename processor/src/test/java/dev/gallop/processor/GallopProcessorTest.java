package dev.gallop.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import org.junit.jupiter.api.Test;

class GallopProcessorTest {
  @Test
  void runsOnAnnotatedSources() {
    Compilation c =
        javac()
            .withProcessors(new GallopProcessor())
            .compile(
                JavaFileObjects.forSourceString(
                    "test.Orders",
                    """
                    package test;
                    import dev.gallop.annotations.Task;
                    import dev.gallop.task.TaskResult;
                    public class Orders {
                      @Task("orders.validate")
                      public TaskResult<String> validate(String orderId) { return TaskResult.ok(orderId); }
                    }
                    """));
    assertThat(c).succeededWithoutWarnings();
  }
}
