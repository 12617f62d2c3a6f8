package dev.gallop.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generated sources of representative inputs, compared as text with the files under
 * src/test/resources/golden. After an intended change to the generated code, refresh them with
 * {@code scripts/mvn21 -pl processor test -Dgallop.golden.update=true} and review the diff.
 */
class GoldenFilesTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  @ParameterizedTest
  @CsvSource({
    "checkout, shop.OrdersTasks",
    "checkout, shop.CheckoutWorkflow",
    "etl, etl.NightlyEtlWorkflow",
    "nested, nested.BatchWorkflow",
  })
  void generatedSourceMatchesItsGoldenFile(String dir, String type) throws IOException {
    Compilation c = Sources.compile(Sources.dir(dir));
    assertThat(c).succeededWithoutWarnings();
    JavaFileObject file = c.generatedSourceFile(type).orElseThrow();
    String text = file.getCharContent(true).toString();
    Path golden = GOLDEN.resolve(type + ".java.txt");
    if (Boolean.getBoolean("gallop.golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, text);
    }
    assertThat(golden).as("golden file (refresh: -Dgallop.golden.update=true)").exists();
    assertThat(text).isEqualTo(Files.readString(golden));
  }
}
