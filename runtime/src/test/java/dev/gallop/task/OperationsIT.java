package dev.gallop.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gallop.Gallop;
import dev.gallop.Queue;
import dev.gallop.error.ConfigurationException;
import dev.gallop.internal.worker.WorkerImpl;
import dev.gallop.testing.IntegrationTest;
import dev.gallop.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Retention, the cluster-wide cap, configuration errors and credentials in messages. */
class OperationsIT extends IntegrationTest {
  record Nothing() {}

  @Test
  void retentionDeletesOldTerminalWorkAndKeepsTheRest() throws Exception {
    // "old" fails its first attempt, so that it has an attempt row of its own to delete
    Task<Nothing, String> t =
        gallop
            .task("t", Nothing.class, String.class)
            .retryPolicy(
                RetryPolicy.fixed(List.of(Duration.ofSeconds(1)), "ONCE").withJitter(false))
            .handler((in, ctx) ->
                ctx.taskId().equals("old") && ctx.attempt() == 1
                    ? TaskResult.err("ONCE", "retry me")
                    : TaskResult.ok("x"));
    TaskHandle<String> old = t.send(new Nothing(), SendOptions.withId("old"));
    TaskHandle<String> fresh = t.send(new Nothing(), SendOptions.withId("fresh"));
    TaskHandle<String> pending =
        t.send(new Nothing(), SendOptions.none().taskId("pending").delay(Duration.ofHours(1)));
    WorkerImpl w = startWorker();
    old.get(Duration.ofSeconds(20));
    fresh.get(Duration.ofSeconds(20));
    assertThat(sqlLong("select count(*) from gallop_attempts where task_id = 'old'")).isEqualTo(2);
    assertThat(sqlLong("select count(*) from gallop_task_attempts where task_id = 'old'"))
        .isEqualTo(1);
    sqlUpdate("update gallop_tasks set completed_at = now() - interval '31 days' where id = 'old'");
    assertThat(w.retentionNow()).isEqualTo(1);
    assertThat(sqlLong("select count(*) from gallop_tasks where id = 'old'")).isZero();
    assertThat(sqlLong("select count(*) from gallop_task_attempts where task_id = 'old'")).isZero();
    assertThat(sqlLong("select count(*) from gallop_attempts where task_id = 'old'")).isZero();
    assertThat(sqlLong("select count(*) from gallop_tasks where id in ('fresh', 'pending')"))
        .isEqualTo(2);
    // the id is free again: no tombstones
    assertThat(t.send(new Nothing(), SendOptions.withId("old")).get(Duration.ofSeconds(20)))
        .isEqualTo(TaskResult.ok("x"));
    assertThat(pending.info().status()).isEqualTo(TaskStatus.PENDING);
  }

  @Test
  void clusterWideCapHoldsAcrossQueuesAndWorkers() throws Exception {
    Gallop capped =
        newEngine(b -> b.queue(Queue.of("a", 1)).queue(Queue.of("b", 2)).clusterWideCap(3));
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(20);
    TaskHandler<Nothing, String> body =
        (in, ctx) -> {
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            Thread.sleep(40); // simulated work
          } finally {
            running.decrementAndGet();
            done.countDown();
          }
          return TaskResult.ok("ok");
        };
    Task<Nothing, String> ta =
        capped.task("ta", Nothing.class, String.class).queue("a").handler(body);
    Task<Nothing, String> tb =
        capped.task("tb", Nothing.class, String.class).queue("b").handler(body);
    for (int i = 0; i < 10; i++) {
      ta.send(new Nothing());
      tb.send(new Nothing());
    }
    startWorker(capped, fastWorker().concurrency(4).build());
    startWorker(capped, fastWorker().concurrency(4).build());
    assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(peak.get()).isBetween(1, 3);
  }

  @Test
  void closingTheEngineEndsPendingWaitsInsteadOfHangingThem() {
    Gallop other = newEngine(b -> b);
    Task<Nothing, String> t =
        other.task("t", Nothing.class, String.class).handler((in, ctx) -> TaskResult.ok("x"));
    var waiting = t.send(new Nothing()).getAsync(null); // no worker: it would wait forever
    assertThat(waiting).isNotDone();
    other.close();
    assertThat(waiting)
        .succeedsWithin(Duration.ofSeconds(5))
        .satisfies(r -> assertThat(r.hasCode(BuiltInCode.BROKER_ERROR)).isTrue());
  }

  @Test
  void configurationErrorsNameTheValueAndHideCredentials() {
    assertThatThrownBy(() -> WorkerOptions.builder().concurrency(0).build())
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> {
              assertThat(e.codes()).containsExactly("GALLOP-205");
              assertThat(e.getMessage()).contains("concurrency must be >= 1, was 0");
            });
    assertThatThrownBy(
            () -> WorkerOptions.builder().claimedStaleThreshold(Duration.ofSeconds(10)).build())
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.codes()).containsExactly("GALLOP-204"));
    assertThatThrownBy(() -> WorkerOptions.builder().prefetchBuffer(2).build())
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.codes()).containsExactly("GALLOP-202"));
    assertThatThrownBy(() -> Gallop.builder().databaseUrl("mysql://u:hunter2@host/db").build())
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> {
              assertThat(e.codes()).containsExactly("GALLOP-203");
              assertThat(e.getMessage()).doesNotContain("hunter2");
            });
    assertThatThrownBy(() ->
            Gallop.builder()
                .databaseUrl("jdbc:postgresql://127.0.0.1:1/none?password=hunter2")
                .poolSize(1)
                .build())
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> {
              assertThat(e.codes()).containsExactly("GALLOP-211");
              assertThat(e.getMessage()).doesNotContain("hunter2").contains("password=***");
            });
    assertThatThrownBy(() -> gallop.worker(fastWorker().queues("nope").build()))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.getMessage()).contains("nope"));
  }
}
