package dev.gallop.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gallop.Gallop;
import dev.gallop.internal.db.EmbeddedDatabase;
import dev.gallop.task.TaskResult;
import dev.gallop.worker.Worker;
import dev.gallop.worker.WorkerOptions;
import dev.gallop.workflow.WorkflowStatus;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The documented examples produce the documented outcomes. */
class WorkflowExamplesTest {
  private static EmbeddedDatabase db;
  private static Gallop gallop;
  private static Worker worker;
  private static WorkflowExamples ex;

  @BeforeAll
  static void start() {
    db = EmbeddedDatabase.startEphemeral();
    gallop = Gallop.builder().databaseUrl(db.jdbcUrl("postgres")).ignoreEnvironment().build();
    ex = new WorkflowExamples(gallop);
    worker =
        gallop
            .worker(
                WorkerOptions.builder()
                    .concurrency(4)
                    .notifyPollInterval(Duration.ofSeconds(1))
                    .build())
            .start();
  }

  @AfterAll
  static void stop() {
    worker.close();
    gallop.close();
    db.close();
  }

  @Test
  void chain() {
    assertThat(ex.chain()).isEqualTo(TaskResult.ok("load"));
  }

  @Test
  void diamondWithRecovery() {
    Map<String, Object> out = ex.diamondWithRecovery();
    assertThat(out.get("status")).isEqualTo(WorkflowStatus.FAILED);
    assertThat(((TaskResult<?>) out.get("get")).hasCode("SOURCE_DOWN")).isTrue();
    assertThat(out.get("join")).isEqualTo(TaskResult.ok("(SOURCE_DOWN)+right"));
  }

  @Test
  void quorumAndAny() {
    assertThat(ex.quorum()).isEqualTo(TaskResult.ok("commit"));
    assertThat(ex.anyJoin()).isEqualTo(TaskResult.ok("first"));
  }

  @Test
  void successPolicy() {
    assertThat(ex.successPolicy()).isEqualTo(WorkflowStatus.COMPLETED);
  }

  @Test
  void pauseAndResume() {
    Map<String, Object> out = ex.pauseAndResume();
    assertThat(out.get("pause")).isEqualTo(true);
    assertThat(((TaskResult<?>) out.get("whilePaused")).hasCode("WORKFLOW_PAUSED")).isTrue();
    assertThat(out.get("resume")).isEqualTo(true);
    assertThat(out.get("get")).isEqualTo(TaskResult.ok("second"));
  }
}
