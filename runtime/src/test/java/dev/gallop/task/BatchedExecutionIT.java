package dev.gallop.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gallop.testing.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Standalone tasks start and finalize in batches (one transaction for many rows): a batch that
 * mixes completions, retries and final failures records each row as the one-task path would, with
 * heartbeats running against the same rows.
 */
class BatchedExecutionIT extends IntegrationTest {
  record Job(int i, String kind) {}

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void mixedOutcomesInOneBatchAreEachRecordedOnce() {
    Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
    Task<Job, Integer> job =
        gallop
            .task("job", Job.class, Integer.class)
            .retryPolicy(
                RetryPolicy.fixed(List.of(Duration.ofSeconds(1)), "ONCE").withJitter(false))
            .handler((in, ctx) -> {
              runs.computeIfAbsent(in.i(), k -> new AtomicInteger()).incrementAndGet();
              return switch (in.kind()) {
                case "once" ->
                    ctx.attempt() == 1 ? TaskResult.err("ONCE", "retry me") : TaskResult.ok(in.i());
                case "bad" -> TaskResult.err("BAD", "task " + in.i() + " fails for good");
                default -> TaskResult.ok(in.i());
              };
            });
    List<Job> inputs = new ArrayList<>();
    for (int i = 0; i < 900; i++) {
      inputs.add(new Job(i, i % 3 == 0 ? "ok" : i % 3 == 1 ? "once" : "bad"));
    }
    List<TaskHandle<Integer>> handles = job.sendAll(inputs);
    startWorker(fastWorker().concurrency(16).maxClaimBatch(16).build());
    await()
        .atMost(WAIT)
        .until(() ->
            sqlLong("select count(*) from gallop_tasks where completed_at is not null") == 900);

    for (int i = 0; i < 900; i++) {
      TaskResult<Integer> r = handles.get(i).get(WAIT);
      switch (inputs.get(i).kind()) {
        case "bad" -> assertThat(r.errValue().errorCode().name()).isEqualTo("BAD");
        default -> assertThat(r).isEqualTo(TaskResult.ok(i));
      }
    }
    assertThat(sqlLong("select count(*) from gallop_tasks where status = 'COMPLETED'"))
        .isEqualTo(600);
    assertThat(
            sqlLong(
                "select count(*) from gallop_tasks where status = 'FAILED' and error_code = 'BAD'"))
        .isEqualTo(300);
    // one attempt per run, each with its outcome; retried rows have two, the first marked
    // will_retry
    assertThat(sqlLong("select count(*) from gallop_attempts")).isEqualTo(1_200);
    assertThat(
            sqlLong(
                "select count(*) from gallop_attempts where attempt = 1 and will_retry and error_code = 'ONCE'"))
        .isEqualTo(300);
    assertThat(
            sqlLong(
                "select count(*) from gallop_attempts where attempt = 2 and outcome = 'COMPLETED'"
                    + " and not will_retry and error_code is null"))
        .isEqualTo(300);
    // only the failed attempts have rows of their own; a success is recorded by its task row
    assertThat(sqlLong("select count(*) from gallop_task_attempts")).isEqualTo(600);
    assertThat(sqlLong("select count(*) from gallop_task_attempts where outcome = 'COMPLETED'"))
        .isZero();
    assertThat(
            sqlLong(
                "select count(*) from gallop_attempts a join gallop_tasks t on t.id = a.task_id"
                    + " where a.started_at is null or a.worker_id is null or t.started_at is null"))
        .isZero();
    assertThat(runs.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(1_200);
    assertThat(sqlLong("select count(*) from gallop_tasks where runner_heartbeat_at is not null"))
        .isZero();
  }
}
