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
}
