package dev.gallop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The annotation processor's cost: a generated source tree of 200 workflow interfaces of 50 nodes
 * each (one service class with two tasks) compiled by javac in this JVM, with gallop-processor and
 * without it ({@code -proc:none}), alternately; one warm-up of each, then the median of three.
 * Without the processor javac compiles only the user's sources; with {@code -proc:only} it runs the
 * processor's rounds (reading, checking, writing) without compiling what they wrote; in full it
 * also compiles everything generated, so that difference is the whole price of the DSL at build
 * time.
 */
final class ProcessorBench {
  static final int WORKFLOWS = 200;
  static final int NODES = 50;

  private ProcessorBench() {}

  static Map<String, Double> run() throws IOException {
    Path dir = Files.createTempDirectory("gallop-processor-bench");
    List<String> sources = generate(dir.resolve("src"));
    String cp = System.getProperty("java.class.path");
    List<Double> plain = new ArrayList<>();
    List<Double> only = new ArrayList<>();
    List<Double> processed = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      double p = compile(dir, sources, cp, Mode.PLAIN);
      double o = compile(dir, sources, cp, Mode.PROCESSOR_ONLY);
      double g = compile(dir, sources, cp, Mode.FULL);
      if (i > 0) { // the first round warms javac up
        plain.add(p);
        only.add(o);
        processed.add(g);
      }
    }
    long generated;
    try (Stream<Path> files = Files.walk(dir.resolve("gen"))) {
      generated = files.filter(f -> f.toString().endsWith(".java")).count();
    }
    double javac = median(plain);
    double withProcessor = median(processed);
    Map<String, Double> m = new LinkedHashMap<>();
    double rounds = median(only);
    m.put("javac_s", javac);
    m.put("javac_proc_only_s", rounds);
    m.put("processor_rounds_added_pct", 100 * (rounds - javac) / javac);
    m.put("javac_with_processor_s", withProcessor);
    m.put("processor_added_pct", 100 * (withProcessor - javac) / javac);
    m.put("sources", (double) sources.size());
    m.put("generated_sources", (double) generated);
    return m;
  }

  /**
   * Without the processor; its rounds only ({@code -proc:only}); rounds plus compiling the output.
   */
  private enum Mode {
    PLAIN,
    PROCESSOR_ONLY,
    FULL
  }

  private static double compile(Path dir, List<String> sources, String cp, Mode mode)
      throws IOException {
    boolean processor = mode != Mode.PLAIN;
    Path out = Files.createDirectories(dir.resolve(mode.name().toLowerCase(java.util.Locale.ROOT)));
    Path gen = Files.createDirectories(dir.resolve("gen"));
    List<String> args =
        new ArrayList<>(
            List.of(
                "-d",
                out.toString(),
                "-cp",
                cp,
                "--release",
                "21",
                "-nowarn",
                "-s",
                gen.toString()));
    if (processor) {
      args.addAll(
          List.of(
              "-processorpath",
              cp,
              "-processor",
              "dev.gallop.processor.GallopProcessor,dev.gallop.processor.GallopIndexProcessor"));
      if (mode == Mode.PROCESSOR_ONLY) {
        args.add("-proc:only");
      }
    } else {
      args.add("-proc:none");
    }
    args.addAll(sources);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    long start = System.nanoTime();
    int rc = javac.run(null, null, System.err, args.toArray(String[]::new));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (rc != 0) {
      throw new IllegalStateException("the generated tree did not compile (" + mode + ")");
    }
    return seconds;
  }

  private static List<String> generate(Path src) throws IOException {
    Path pkg = Files.createDirectories(src.resolve("gen/bench"));
    List<String> files = new ArrayList<>();
    Path svc = pkg.resolve("Svc.java");
    Files.writeString(
        svc,
        """
        package gen.bench;
        import dev.gallop.annotations.Task;
        import dev.gallop.task.TaskResult;
        public class Svc {
          @Task("bench.start") public TaskResult<String> start(String x) { return TaskResult.ok(x); }
          @Task("bench.next") public TaskResult<String> next(TaskResult<String> prev, int i) {
            return TaskResult.ok(prev.unwrap() + i);
          }
        }
        """);
    files.add(svc.toString());
    for (int w = 0; w < WORKFLOWS; w++) {
      StringBuilder b = new StringBuilder();
      b.append("package gen.bench;\nimport dev.gallop.annotations.*;\n")
          .append("import dev.gallop.task.TaskResult;\n")
          .append("public interface Flow")
          .append(w)
          .append(" {\n")
          .append("  @Workflow(key = \"bench.flow")
          .append(w)
          .append(".v1\", output = \"n")
          .append(NODES - 1)
          .append("\")\n  String run(String x);\n")
          .append("  @Node(of = Svc.class, task = \"start\") String n0(String x);\n");
      for (int n = 1; n < NODES; n++) {
        // a chain with a fan-in every fifth node, so that joins have several edges
        String from = n % 5 == 0 && n > 2 ? "n" + (n - 2) : "n" + (n - 1);
        String extra = n % 5 == 0 && n > 2 ? ", waitsFor = \"n" + (n - 1) + "\"" : "";
        b.append("  @Node(of = Svc.class, task = \"next\"")
            .append(extra)
            .append(") String n")
            .append(n)
            .append("(@From(\"")
            .append(from)
            .append("\") TaskResult<String> prev, @Value(\"")
            .append(n)
            .append("\") int i);\n");
      }
      b.append("}\n");
      Path f = pkg.resolve("Flow" + w + ".java");
      Files.writeString(f, b.toString());
      files.add(f.toString());
    }
    return files;
  }

  private static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a[a.length / 2];
  }
}
