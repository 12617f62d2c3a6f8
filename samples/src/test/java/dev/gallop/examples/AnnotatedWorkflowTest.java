package dev.gallop.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gallop.Gallop;
import dev.gallop.internal.db.EmbeddedDatabase;
import dev.gallop.task.TaskResult;
import dev.gallop.worker.Worker;
import dev.gallop.worker.WorkerOptions;
import dev.gallop.workflow.WorkflowStatus;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The annotated demo workflow, compiled through the processor, run on real PostgreSQL: a worker
 * process registers the generated tasks; a client engine with no task bodies starts the run and a
 * third re-attaches to it, reading every node's typed result.
 */
class AnnotatedWorkflowTest {
  private static EmbeddedDatabase db;
  private static Gallop workerEngine;
  private static Gallop client;
  private static Worker worker;

  @BeforeAll
  static void start() {
    db = EmbeddedDatabase.startEphemeral();
    workerEngine = engine();
    EtlTasks.register(workerEngine, new Etl());
    worker =
        workerEngine
            .worker(
                WorkerOptions.builder()
                    .concurrency(4)
                    .notifyPollInterval(Duration.ofSeconds(1))
                    .build())
            .start();
    client = engine();
  }

  private static Gallop engine() {
    return Gallop.builder().databaseUrl(db.jdbcUrl("postgres")).ignoreEnvironment().build();
  }

  @AfterAll
  static void stop() {
    worker.close();
    client.close();
    workerEngine.close();
    db.close();
  }

  @Test
  void aClientWithoutTaskBodiesStartsTheAnnotatedWorkflowAndReadsTypedResults() {
    NightlyEtlWorkflow.Handle started =
        NightlyEtlWorkflow.spec(client, "2026-12-02").start("etl-2026-12-02");
    TaskResult<String> report = started.get(Duration.ofSeconds(60));

    assertThat(report).isEqualTo(TaskResult.ok("report: 5400 rows merged (missing: legacy)"));
    assertThat(started.status()).isEqualTo(WorkflowStatus.COMPLETED);
    NightlyEtlWorkflow.Handle again = NightlyEtlWorkflow.attach(client, "etl-2026-12-02");
    assertThat(again.extract()).isEqualTo(TaskResult.ok("snapshot-2026-12-02"));
    TaskResult<Integer> eu = again.eu();
    assertThat(eu.okValue()).isEqualTo(1200);
    assertThat(again.apac()).isEqualTo(TaskResult.ok(800));
    assertThat(again.legacy().errValue().describe())
        .isEqualTo("SOURCE_DOWN: legacy source is down");
    assertThat(again.resultFor(NightlyEtlWorkflow.MERGE).okValue())
        .isEqualTo("5400 rows merged (missing: legacy)");
    assertThat(again.mergeAsync().join().isOk()).isTrue();
    assertThat(NightlyEtlWorkflow.spec(client, "x").spec().definitionKey())
        .contains("demo.nightly-etl.v1");
  }

  @Test
  void typedSendsRunAStandaloneTask() {
    TaskResult<String> r = EtlTasks.extract(client).send("2026-01-01").get(Duration.ofSeconds(30));
    assertThat(r).isEqualTo(TaskResult.ok("snapshot-2026-01-01"));
  }
}
