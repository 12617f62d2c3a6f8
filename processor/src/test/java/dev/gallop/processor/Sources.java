package dev.gallop.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;

/** Test sources under src/test/resources/sources, compiled through the processor. */
final class Sources {
  private Sources() {}

  /** Every .java file of {@code sources/<name>}. */
  static List<JavaFileObject> dir(String name) {
    try {
      Path dir = Path.of(Sources.class.getResource("/sources/" + name).toURI());
      try (Stream<Path> files = Files.list(dir)) {
        return files
            .filter(f -> f.toString().endsWith(".java"))
            .sorted()
            .map(Sources::file)
            .toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JavaFileObject file(Path p) {
    try {
      String text = Files.readString(p);
      String pkg = text.replaceAll("(?s)^.*?package ([\\w.]+);.*$", "$1");
      String type = p.getFileName().toString().replace(".java", "");
      return JavaFileObjects.forSourceString(pkg + "." + type, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One source from text. */
  static JavaFileObject source(String qualifiedName, String text) {
    return JavaFileObjects.forSourceString(qualifiedName, text);
  }

  /**
   * Compiles with the processor and every lint but {@code processing}, which warns about any
   * annotation no processor claims (the {@code @Generated} on generated code, a user's
   * {@code @Nullable}) and says nothing about the code itself.
   */
  static Compilation compile(List<JavaFileObject> files, String... extraOptions) {
    List<String> options =
        new java.util.ArrayList<>(List.of("-Xlint:all,-processing", "--release", "21"));
    options.addAll(List.of(extraOptions));
    return javac()
        .withProcessors(new GallopProcessor(), new GallopIndexProcessor())
        .withOptions(options)
        .compile(files);
  }
}
