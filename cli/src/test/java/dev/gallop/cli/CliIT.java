package dev.gallop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.Gallop;
import dev.gallop.task.RetryPolicy;
import dev.gallop.task.SendOptions;
import dev.gallop.task.Task;
import dev.gallop.task.TaskHandle;
import dev.gallop.task.TaskResult;
import dev.gallop.testing.IntegrationTest;
import dev.gallop.testing.ProcessLines;
import dev.gallop.workflow.TaskNode;
import dev.gallop.workflow.WorkflowHandle;
import dev.gallop.workflow.WorkflowStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The gallop command line against a real database: output, --json, exit codes, processes. */
class CliIT extends IntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  record Run(int code, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  private Run gallop(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    boolean needsDb =
        List.of("workflows", "tasks").contains(args[0]) && !List.of(args).contains("--help");
    if (needsDb) {
      all.add("--database-url=" + url);
    }
    int code =
        GallopCli.run(
            all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  record Step(String label, boolean fail) {}

  private Task<Step, String> step(Gallop g) {
    return g.task("step", Step.class, String.class)
        .retryPolicy(RetryPolicy.fixed(List.of(Duration.ofSeconds(1)), "AGAIN"))
        .handler((in, ctx) ->
            in.fail() && ctx.attempt() == 1
                ? TaskResult.err("AGAIN", "first attempt fails")
                : TaskResult.ok("did " + in.label()));
  }

  @Test
  void listAndShowWorkflowsAndTasksAsTextAndJson() throws Exception {
    Task<Step, String> step = step(gallop);
    TaskNode<String> a =
        TaskNode.of(step).input("label", "a").input("fail", true).nodeId("a").build();
    TaskNode<String> b =
        TaskNode.of(step).input("label", "b").input("fail", false).nodeId("b").waitsFor(a).build();
    startWorker();
    gallop.workflow("cli-pair").nodes(a, b).build().start("wf-cli").get(WAIT);

    Run list = gallop("workflows", "list");
    assertThat(list.code()).isZero();
    assertThat(list.out())
        .contains("ID", "NAME", "STATUS")
        .contains("wf-cli", "cli-pair", "COMPLETED");
    assertThat(gallop("workflows", "list", "--json", "--status", "completed,failed").json())
        .singleElement()
        .satisfies(w -> assertThat(w.get("createdAt").asText()).endsWith("Z"));
    assertThat(gallop("workflows", "list", "--json", "--status", "RUNNING").json()).isEmpty();
    assertThat(gallop("workflows", "list", "--json", "--name", "PAIR", "--since", "1h").json())
        .hasSize(1);

    Run show = gallop("workflows", "show", "wf-cli");
    assertThat(show.code()).isZero();
    assertThat(show.out())
        .contains("status    COMPLETED")
        .contains("ok(did b)")
        .containsPattern("b\\s+step\\s+COMPLETED\\s+a\\s");
    JsonNode doc = gallop("workflows", "show", "wf-cli", "--json").json();
    assertThat(doc.get("nodes").get(1).get("node").get("dependencies").get(0).asInt()).isZero();
    assertThat(doc.get("nodes").get(1).get("result").get("value").asText()).isEqualTo("did b");

    JsonNode tasks = gallop("tasks", "list", "--workflow", "wf-cli", "--json").json();
    assertThat(tasks).hasSize(2);
    String retried = null;
    for (JsonNode t : tasks) {
      if (t.get("attempts").size() == 2) {
        retried = t.get("taskId").asText();
      }
    }
    assertThat(retried).isNotNull();
    Run task = gallop("tasks", "show", retried);
    assertThat(task.code()).isZero();
    assertThat(task.out())
        .contains("retries   1 of 1")
        .contains("AGAIN: first attempt fails")
        .contains("COMPLETED");
    assertThat(gallop("tasks", "show", retried, "--json").json().get("attempts")).hasSize(2);
    assertThat(gallop("tasks", "list", "--status", "completed", "--name", "step").out())
        .contains(retried);
  }

  @Test
  void pauseResumeCancelAndTheirExitCodes() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Task<Step, String> block =
        gallop
            .task("block", Step.class, String.class)
            .handler((in, ctx) -> {
              release.await(30, TimeUnit.SECONDS);
              return TaskResult.ok("ok");
            });
    TaskNode<String> first = TaskNode.of(block).input("label", "1").input("fail", false).build();
    TaskNode<String> second =
        TaskNode.of(block).input("label", "2").input("fail", false).waitsFor(first).build();
    startWorker();
    WorkflowHandle<?> h = gallop.workflow("held").nodes(first, second).build().start("wf-held");
    try {
      Run paused = gallop("workflows", "pause", "wf-held");
      assertThat(paused.code()).isZero();
      assertThat(paused.out()).contains("paused workflow wf-held: now PAUSED");
      assertThat(gallop("workflows", "pause", "wf-held").out()).contains("nothing to pause");
      assertThat(gallop("workflows", "resume", "wf-held", "--json").json().get("status").asText())
          .isEqualTo("RUNNING");
      assertThat(gallop("workflows", "cancel", "wf-held").out()).contains("now CANCELLED");
      assertThat(h.status()).isEqualTo(WorkflowStatus.CANCELLED);
    } finally {
      release.countDown();
    }
    Run missing = gallop("workflows", "cancel", "no-such");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("no workflow 'no-such'");
    assertThat(gallop("workflows", "show", "no-such").code()).isEqualTo(1);
    assertThat(gallop("tasks", "show", "no-such").code()).isEqualTo(1);
  }

  @Test
  void badArgumentsExitWith2AndNameTheValue() {
    Run badStatus = gallop("workflows", "list", "--status", "DONE");
    assertThat(badStatus.code()).isEqualTo(2);
    assertThat(badStatus.err()).contains("'DONE'");
    Run badLimit = gallop("tasks", "list", "--limit", "0");
    assertThat(badLimit.code()).isEqualTo(2);
    assertThat(badLimit.err()).contains("limit must be 1..1000, was 0");
    Run badAge = gallop("workflows", "list", "--since", "yesterday");
    assertThat(badAge.code()).isEqualTo(2);
    assertThat(badAge.err()).contains("'yesterday'");
    assertThat(gallop("workflows", "frobnicate").code()).isEqualTo(2);
    assertThat(gallop("check", "com.example.Missing").code()).isEqualTo(2);
    assertThat(gallop("check", "java.lang.String").err()).contains("does not implement");
  }

  @Test
  void checkValidatesAnApplicationOffline() {
    assertThat(gallop("check", "dev.gallop.CheckMainTest$GoodApp").code()).isZero();
    assertThat(gallop("check", "dev.gallop.CheckMainTest$BadApp").code()).isEqualTo(1);
  }

  @Test
  void everyCommandHasHelpText() {
    CommandLine root =
        GallopCli.commandLine(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    List<CommandLine> all = new ArrayList<>();
    collect(root, all);
    assertThat(all).hasSizeGreaterThan(15);
    for (CommandLine c : all) {
      if (c.getCommandSpec().usageMessage().hidden() || c.getCommandName().equals("help")) {
        continue;
      }
      assertThat(c.getCommandSpec().usageMessage().description())
          .as("description of '%s'", c.getCommandSpec().qualifiedName())
          .isNotEmpty();
      assertThat(c.getUsageMessage()).contains("-h, --help");
    }
    assertThat(gallop("workflows", "list", "--help").out()).contains("--status");
  }

  private static void collect(CommandLine c, List<CommandLine> out) {
    out.add(c);
    c.getSubcommands().values().forEach(s -> collect(s, out));
  }

  @Test
  void aWorkerProcessRunsTasksServesMetricsAndStopsOnSigterm() throws Exception {
    Process p =
        java(
            null,
            "worker",
            CliApp.class.getName(),
            "--database-url=" + url,
            "--concurrency=2",
            "--metrics-port=0",
            "--shutdown-drain=5s");
    ProcessLines lines = ProcessLines.follow(p);
    String metricsUrl =
        lines
            .awaitMatch(Pattern.compile("metrics at (http://\\S+)"), WAIT)
            .orElseThrow(() -> new AssertionError("no metrics URL in " + lines.lines()));
    Task<CliApp.In, Integer> dbl =
        gallop
            .task("double", CliApp.In.class, Integer.class)
            .handler((in, ctx) -> TaskResult.ok(-1));
    TaskHandle<Integer> h = dbl.send(new CliApp.In(21), SendOptions.withId("d1"));
    assertThat(h.get(WAIT)).isEqualTo(TaskResult.ok(42));
    HttpResponse<String> m =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(m.body())
        .contains("gallop_tasks_completed_total{queue=\"default\",task=\"double\"} 1.0");
    p.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    lines.awaitEnd(WAIT);
    assertThat(p.exitValue()).as("output: %s", lines.lines()).isZero();
    assertThat(lines.lines())
        .anyMatch(l -> l.endsWith(": shutting down"))
        .anyMatch(l -> l.endsWith(": stopped"));
    assertThat(sqlLong("select count(*) from gallop_workers where stopped_at is not null"))
        .isEqualTo(1);
  }

  @Test
  void dbStartStatusStopShareOneEmbeddedDatabase() throws Exception {
    Path home = Files.createTempDirectory("gallop-home");
    try {
      Process start = java(home, "db", "start");
      ProcessLines out = ProcessLines.follow(start);
      assertThat(start.waitFor(120, TimeUnit.SECONDS)).isTrue();
      out.awaitEnd(WAIT);
      assertThat(start.exitValue()).as("db start: %s", out.lines()).isZero();
      assertThat(out.lines()).anyMatch(l -> l.startsWith("running: PostgreSQL on port"));

      Process status = java(home, "db", "status", "--json");
      String json = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(status.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(status.exitValue()).isZero();
      JsonNode s = JSON.readTree(json);
      assertThat(s.get("running").asBoolean()).isTrue();
      assertThat(s.get("startedByDbStart").asBoolean()).isTrue();

      // another process re-attaches to it (and leaves it running when it exits)
      Process list = java(home, "workflows", "list", "--json");
      String rows = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(list.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(list.exitValue()).as(rows).isZero();
      assertThat(JSON.readTree(rows)).isEmpty();
      assertThat(java(home, "db", "status").waitFor(60, TimeUnit.SECONDS)).isTrue();

      Process stop = java(home, "db", "stop");
      assertThat(stop.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(stop.exitValue()).isZero();
      Process after = java(home, "db", "status");
      assertThat(after.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(after.exitValue()).isEqualTo(1);
    } finally {
      java(home, "db", "stop", "--force").waitFor(90, TimeUnit.SECONDS);
    }
  }

  @Test
  void aWorkerFindsAnnotatedTasksInItsClasspathAndRunsWorkflowsWithoutAnApplication()
      throws Exception {
    String samples = samplesEntry();
    Process p =
        javaWithout(
            "samples",
            "worker",
            "--classpath",
            samples,
            "--database-url=" + url,
            "--concurrency=4",
            "--shutdown-drain=5s");
    ProcessLines lines = ProcessLines.follow(p);
    lines
        .awaitMatch(Pattern.compile("discovered workflows"), WAIT)
        .orElseThrow(() -> new AssertionError("worker did not start: " + lines.lines()));
    // this JVM only starts and reads: no task bodies are registered here
    var checkout =
        dev.gallop.examples.shop.CheckoutWorkflow.spec(gallop, "7", "c@example.com")
            .start("cli-order-7");
    assertThat(checkout.get(WAIT).okValue().text()).isEqualTo("paid 4200 EUR");
    var etl = dev.gallop.examples.NightlyEtlWorkflow.spec(gallop, "2026-12-01").start("cli-etl");
    assertThat(etl.get(Duration.ofSeconds(60)))
        .isEqualTo(TaskResult.ok("report: 5400 rows merged (missing: legacy)"));
    assertThat(etl.apac().okValue()).isEqualTo(800);
    p.toHandle().destroy(); // SIGTERM
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    lines.awaitEnd(WAIT);
    assertThat(p.exitValue()).as("output: %s", lines.lines()).isZero();
    assertThat(lines.lines()).anyMatch(l -> l.endsWith(": stopped"));
  }

  @Test
  void checkOfAJarWithADuplicateTaskNameAndAnUnknownQueueExits1NamingBoth() throws Exception {
    Path dir = Files.createTempDirectory("gallop-bad-app");
    Path src = Files.createDirectories(dir.resolve("src/bad"));
    Files.writeString(
        src.resolve("A.java"),
        """
        package bad;
        import dev.gallop.annotations.Task;
        import dev.gallop.task.TaskResult;
        public class A {
          @Task("bad.dup") public TaskResult<String> a(String x) { return TaskResult.ok(x); }
          @Task(value = "bad.queued", queue = "nowhere")
          public TaskResult<String> q(String x) { return TaskResult.ok(x); }
        }
        """);
    Files.writeString(
        src.resolve("B.java"),
        """
        package bad;
        import dev.gallop.annotations.Task;
        import dev.gallop.task.TaskResult;
        public class B {
          @Task("bad.dup") public TaskResult<String> b(String x) { return TaskResult.ok(x); }
        }
        """);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    String cp = System.getProperty("java.class.path");
    int rc =
        javax.tools.ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-d",
                classes.toString(),
                "-cp",
                cp,
                "-processorpath",
                cp,
                src.resolve("A.java").toString(),
                src.resolve("B.java").toString());
    assertThat(rc).isZero();

    Run check = gallop("check", "--classpath", classes.toString());
    assertThat(check.code()).as(check.out() + check.err()).isEqualTo(1);
    assertThat(check.out())
        .contains("GALLOP-301")
        .contains("task 'bad.dup'")
        .contains("declared by bad.A and by bad.B")
        .contains("GALLOP-014")
        .contains("queue 'nowhere'");
    Run json = gallop("check", "--classpath", classes.toString(), "--json");
    assertThat(json.json().get("problems").findValuesAsText("code"))
        .contains("GALLOP-301", "GALLOP-014");
    assertThat(gallop("check", "--classpath", samplesEntry()).code()).isZero();
  }

  /** Where this test's class path has the samples (their classes or jar). */
  private static String samplesEntry() {
    return List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)).stream()
        .filter(e -> e.contains("samples"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no samples on the test class path"));
  }

  /**
   * Runs the CLI in its own JVM on this test's class path without the entries naming {@code left}.
   */
  private static Process javaWithout(String left, String... args) throws Exception {
    String cp =
        String.join(
            java.io.File.pathSeparator,
            List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .stream()
                .filter(e -> !e.contains(left))
                .toList());
    return javaOn(null, cp, args);
  }

  /** Runs the CLI in its own JVM (this test's class path), with GALLOP_HOME set if given. */
  private static Process java(Path home, String... args) throws Exception {
    return javaOn(home, System.getProperty("java.class.path"), args);
  }

  private static Process javaOn(Path home, String classpath, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(GallopCli.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("GALLOP_DATABASE_URL");
    if (home != null) {
      pb.environment().put("GALLOP_HOME", home.toString());
    }
    return pb.start();
  }
}
