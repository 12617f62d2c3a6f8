package dev.gallop.internal.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gallop.Gallop;
import dev.gallop.task.Task;
import dev.gallop.task.TaskAttempt;
import dev.gallop.task.TaskHandle;
import dev.gallop.task.TaskInfo;
import dev.gallop.task.TaskResult;
import dev.gallop.testing.IntegrationTest;
import dev.gallop.workflow.TaskNode;
import dev.gallop.workflow.WorkflowHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class MigrationsIT extends IntegrationTest {
  @Test
  void concurrentMigrationsOnAnEmptySchemaApplyEachVersionOnce() throws Exception {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        runs.add(
            pool.submit(() -> {
              go.await();
              return Migrations.migrate(ds, "other_schema");
            }));
      }
      go.countDown();
      int applied = 0;
      for (Future<Integer> f : runs) {
        applied += f.get(60, TimeUnit.SECONDS);
      }
      long versions =
          sqlLong(
              "select count(distinct version) from other_schema.gallop_schema_history where type = 'SQL'");
      assertThat(versions).isGreaterThanOrEqualTo(2);
      assertThat(applied).isEqualTo(versions);
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            sqlLong(
                "select count(*) from other_schema.gallop_schema_history where success and type = 'SQL'"))
        .isEqualTo(
            sqlLong(
                "select count(distinct version) from other_schema.gallop_schema_history where type = 'SQL'"));
    assertThat(Migrations.migrate(ds, "other_schema")).isZero();
  }

  @Test
  void aVersion3DatabaseIsUpgradedInPlaceAndItsWaitingWorkRuns() throws Exception {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url);
    assertThat(Migrations.migrate(ds, "legacy", "3")).isEqualTo(3);
    assertThat(indexes("legacy")).contains("gallop_nodes_status", "gallop_tasks_owner");
    // a task sent by a version-3 engine, waiting to be claimed
    sqlUpdate(
        """
        insert into legacy.gallop_tasks (id, task_name, queue_name, priority, inputs, status,
                                         enqueued_at, enqueue_sha)
        values ('sent-by-v3', 'echo', 'default', 100, '{"s":"old"}', 'PENDING', now(), 'x')
        """);

    Gallop upgraded = newEngine(b -> b.schema("legacy"));

    assertThat(
            sqlLong(
                "select max(version::int) from legacy.gallop_schema_history where type = 'SQL'"))
        .isEqualTo(6);
    assertThat(indexes("legacy")).doesNotContain("gallop_nodes_status", "gallop_tasks_owner");
    assertThat(sqlString("select waited::text from legacy.gallop_tasks where id = 'sent-by-v3'"))
        .isEqualTo("false");
    assertThat(
            sqlString(
                "select array_to_string(reloptions, ',') from pg_class c"
                    + " join pg_namespace n on n.oid = c.relnamespace"
                    + " where n.nspname = 'legacy' and c.relname = 'gallop_workflow_nodes'"))
        .isEqualTo("fillfactor=70");
    Task<Echo, String> echo =
        upgraded.task("echo", Echo.class, String.class).handler((in, ctx) -> TaskResult.ok(in.s()));
    startWorker(upgraded, fastWorker().build());
    assertThat(upgraded.taskHandle("sent-by-v3", String.class).get(Duration.ofSeconds(30)))
        .isEqualTo(TaskResult.ok("old"));
    WorkflowHandle<?> wf =
        upgraded
            .workflow("after-upgrade")
            .nodes(TaskNode.of(echo).input("s", "new").nodeId("a").build())
            .build()
            .start();
    assertThat(wf.get(Duration.ofSeconds(30)).isOk()).isTrue();
  }

  @Test
  void aVersion5DatabaseKeepsItsAttemptsAndSuccessesAreRecordedOnTheTaskRowAfterwards()
      throws Exception {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url);
    assertThat(Migrations.migrate(ds, "v5", "5")).isEqualTo(5);
    // as a version-5 worker left them: every attempt in a row of its own, successes included
    sqlUpdate(
        """
        insert into v5.gallop_tasks (id, task_name, queue_name, priority, inputs, status, enqueued_at,
                                     enqueue_sha, started_at, completed_at, result, claimed_by, retry_count)
        values ('first-try', 'echo', 'default', 100, '{"s":"a"}', 'COMPLETED', now(), 'x',
                now() - interval '2 seconds', now() - interval '1 second', '{"ok":"a"}', 'w5', 0),
               ('second-try', 'echo', 'default', 100, '{"s":"b"}', 'COMPLETED', now(), 'x',
                now() - interval '2 seconds', now() - interval '1 second', '{"ok":"b"}', 'w5', 1)
        """);
    sqlUpdate(
        """
        insert into v5.gallop_task_attempts (task_id, attempt, outcome, will_retry, started_at,
                                             finished_at, error_code, error_message, worker_id)
        select 'first-try', 1, 'COMPLETED', false, started_at, completed_at, null, null, 'w5'
          from v5.gallop_tasks where id = 'first-try'
        union all
        select 'second-try', 1, 'FAILED', true, now() - interval '3 seconds',
               now() - interval '2500 milliseconds', 'ONCE', 'retry me', 'w5'
        union all
        select 'second-try', 2, 'COMPLETED', false, started_at, completed_at, null, null, 'w5'
          from v5.gallop_tasks where id = 'second-try'
        """);

    Gallop upgraded = newEngine(b -> b.schema("v5"));

    assertThat(upgraded.taskHandle("first-try", String.class).info().attempts())
        .extracting(TaskAttempt::attempt, TaskAttempt::outcome, TaskAttempt::workerId)
        .containsExactly(tuple(1, "COMPLETED", "w5"));
    assertThat(upgraded.taskHandle("second-try", String.class).info().attempts())
        .extracting(TaskAttempt::attempt, TaskAttempt::outcome, TaskAttempt::errorCode)
        .containsExactly(tuple(1, "FAILED", "ONCE"), tuple(2, "COMPLETED", null));
    // a task run after the upgrade: its success has no row of its own, and is listed all the same
    Task<Echo, String> echo =
        upgraded.task("echo", Echo.class, String.class).handler((in, ctx) -> TaskResult.ok(in.s()));
    startWorker(upgraded, fastWorker().build());
    TaskHandle<String> fresh = echo.send(new Echo("c"));
    assertThat(fresh.get(Duration.ofSeconds(30))).isEqualTo(TaskResult.ok("c"));
    TaskInfo info = fresh.info();
    assertThat(info.attempts()).hasSize(1);
    TaskAttempt attempt = info.attempts().get(0);
    assertThat(attempt.attempt()).isEqualTo(1);
    assertThat(attempt.outcome()).isEqualTo("COMPLETED");
    assertThat(attempt.willRetry()).isFalse();
    assertThat(attempt.startedAt()).isEqualTo(info.startedAt());
    assertThat(attempt.finishedAt()).isEqualTo(info.completedAt());
    assertThat(attempt.workerId()).isNotNull().isEqualTo(info.claimedBy());
    assertThat(
            sqlLong(
                "select count(*) from v5.gallop_task_attempts where task_id = ?", fresh.taskId()))
        .isZero();
  }

  record Echo(String s) {}

  private List<String> indexes(String schema) {
    return List.of(
        sqlString(
                "select string_agg(indexname, ',' order by indexname) from pg_indexes where schemaname = ?",
                schema)
            .split(","));
  }
}
