package dev.gallop.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gallop.Gallop;
import dev.gallop.GallopApplication;
import dev.gallop.task.SendOptions;
import dev.gallop.task.Task;
import dev.gallop.task.TaskResult;
import dev.gallop.testing.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runnable worker in its own OS process: runs tasks, and on SIGTERM finishes what it runs. */
class WorkerMainIT extends IntegrationTest {
  /** The application the child process loads by name. */
  public static final class SleepyApp implements GallopApplication {
    /** Input: how long to work. */
    public record Sleep(long millis) {}

    @Override
    public void register(Gallop gallop) {
      gallop
          .task("sleep", Sleep.class, String.class)
          .handler((in, ctx) -> {
            Thread.sleep(in.millis()); // simulated work
            return TaskResult.ok("slept " + in.millis());
          });
    }
  }

  @Test
  void sigtermLetsTheRunningTaskFinishAndExitsCleanly() throws Exception {
    Task<SleepyApp.Sleep, String> sleep =
        gallop
            .task("sleep", SleepyApp.Sleep.class, String.class)
            .handler((in, ctx) -> TaskResult.ok("never here"));
    String java = ProcessHandle.current().info().command().orElse("java");
    Path log = Files.createTempFile("worker", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                WorkerMain.class.getName(),
                SleepyApp.class.getName(),
                "2"));
    pb.environment().put("GALLOP_DATABASE_URL", url);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    try {
      assertThat(sleep.send(new SleepyApp.Sleep(10)).get(Duration.ofSeconds(60)))
          .isEqualTo(TaskResult.ok("slept 10"));
      var slow = sleep.send(new SleepyApp.Sleep(2500), SendOptions.withId("slow"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() ->
              "RUNNING".equals(sqlString("select status from gallop_tasks where id = 'slow'")));
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(40, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isIn(0, 143);
      assertThat(slow.get(Duration.ZERO)).isEqualTo(TaskResult.ok("slept 2500"));
      assertThat(sqlString("select stopped_at is not null from gallop_workers")).isEqualTo("t");
    } finally {
      p.destroyForcibly();
    }
  }
}
