package dev.gallop.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gallop.Gallop;
import dev.gallop.task.Task;
import dev.gallop.task.TaskResult;
import dev.gallop.testing.IntegrationTest;
import dev.gallop.testing.ProcessLines;
import dev.gallop.workflow.TaskNode;
import dev.gallop.workflow.WorkflowHandle;
import dev.gallop.workflow.WorkflowStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in real headless Chromium (Debian's {@code chromium}, driven by {@code
 * playwright-core}; see src/test/browser): the DAG renders and its statuses update to COMPLETED, a
 * node's result shows on click, Pause on a second workflow shows PAUSED, and API calls without the
 * token are refused. {@code scripts/setup-browser-test} installs what it needs.
 */
class DashboardBrowserIT extends IntegrationTest {
  private static final Path SCRIPT_DIR = Path.of("src/test/browser");
  private static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("GALLOP_CHROMIUM", "/usr/bin/chromium"));

  record Work(String label, long millis) {}

  @Test
  void theDagRendersAndUpdatesPauseWorksAndTheTokenIsEnforced() throws Exception {
    assertThat(CHROMIUM)
        .as("Chromium is needed for the browser test: run scripts/setup-browser-test")
        .isExecutable();
    assertThat(SCRIPT_DIR.resolve("node_modules/playwright-core"))
        .as("playwright-core is needed for the browser test: run scripts/setup-browser-test")
        .isDirectory();

    CountDownLatch rendered = new CountDownLatch(1);
    CountDownLatch end = new CountDownLatch(1);
    Gallop g = newEngine(b -> b);
    Task<Work, String> work =
        g.task("work", Work.class, String.class)
            .handler((in, ctx) -> {
              if (in.label().equals("extract")) {
                rendered.await(60, TimeUnit.SECONDS); // hold the first node until the page saw it
              } else if (in.label().equals("hold")) {
                end.await(120, TimeUnit.SECONDS);
              } else {
                Thread.sleep(in.millis()); // simulated work, so that statuses visibly move
              }
              return TaskResult.ok(in.label() + " done");
            });
    TaskNode<String> extract = node(work, "extract", 0);
    TaskNode<String> eu = node(work, "fetch-eu", 300, extract);
    TaskNode<String> us = node(work, "fetch-us", 500, extract);
    TaskNode<String> apac = node(work, "fetch-apac", 400, extract);
    TaskNode<String> merge = node(work, "merge", 300, eu, us, apac);
    TaskNode<String> report = node(work, "report", 200, merge);
    TaskNode<String> hold = node(work, "hold", 0);
    TaskNode<String> after = node(work, "after-hold", 0, hold);
    startWorker(g, fastWorker().concurrency(4).build());
    g.workflow("nightly-etl").nodes(extract, eu, us, apac, merge, report).build().start("etl-1");
    WorkflowHandle<?> b = g.workflow("long-import").nodes(hold, after).build().start("import-1");

    Path shot = Path.of("target/dashboard-dag.png");
    ProcessLines lines;
    try (Dashboard d = Dashboard.builder(g).port(0).build().start()) {
      Process p =
          new ProcessBuilder(
                  "node",
                  "dashboard.spec.mjs",
                  d.url(),
                  d.token(),
                  "etl-1",
                  "import-1",
                  shot.toAbsolutePath().toString())
              .directory(SCRIPT_DIR.toFile())
              .redirectErrorStream(true)
              .start();
      lines =
          ProcessLines.follow(
              p,
              line -> {
                if (line.startsWith("DAG_RENDERED")) {
                  rendered.countDown();
                }
              });
      boolean exited = p.waitFor(150, TimeUnit.SECONDS);
      if (!exited) {
        p.destroyForcibly();
      }
      lines.awaitEnd(Duration.ofSeconds(5));
      assertThat(exited).as("browser script finished; output: %s", lines.lines()).isTrue();
      assertThat(p.exitValue()).as("browser script output: %s", lines.lines()).isZero();
    } finally {
      rendered.countDown();
      end.countDown();
    }
    assertThat(lines.lines())
        .anyMatch(l -> l.startsWith("DAG_RENDERED"))
        .anyMatch(l -> l.startsWith("DAG_COMPLETED"))
        .contains("LIST_OK", "NODE_OK", "PAUSED_OK", "UNKNOWN_OK", "DEEP_LINK_OK", "TOKEN_OK");
    assertThat(b.status()).isEqualTo(WorkflowStatus.PAUSED);
    assertThat(Files.size(shot)).isPositive();
  }

  private static TaskNode<String> node(
      Task<Work, String> t, String id, long millis, TaskNode<?>... deps) {
    return TaskNode.of(t)
        .input("label", id)
        .input("millis", millis)
        .nodeId(id)
        .waitsFor(deps)
        .build();
  }
}
