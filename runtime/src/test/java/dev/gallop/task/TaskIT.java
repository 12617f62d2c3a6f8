package dev.gallop.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gallop.Gallop;
import dev.gallop.Queue;
import dev.gallop.error.ConfigurationException;
import dev.gallop.error.TaskSendException;
import dev.gallop.internal.worker.WorkerImpl;
import dev.gallop.testing.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TaskIT extends IntegrationTest {
  record Add(int a, int b) {}

  record Name(String name) {}

  record Nothing() {}

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void sentTaskRunsAndReturnsItsResult() {
    Task<Add, Integer> add =
        gallop
            .task("add", Add.class, Integer.class)
            .handler((in, ctx) -> TaskResult.ok(in.a() + in.b()));
    startWorker();
    TaskHandle<Integer> h = add.send(new Add(2, 3));
    assertThat(h.get(WAIT)).isEqualTo(TaskResult.ok(5));
    TaskInfo info = h.info();
    assertThat(info.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(info.attempts()).hasSize(1);
    assertThat(info.attempts().get(0).outcome()).isEqualTo("COMPLETED");
    assertThat(info.startedAt()).isNotNull();
    assertThat(info.completedAt()).isNotNull();
  }

  @Test
  void getOfUnknownTaskAndTimeoutAreErrorResults() {
    gallop.task("noop", Nothing.class, String.class).handler((in, ctx) -> TaskResult.ok("x"));
    assertThat(
            gallop
                .taskHandle("nope", String.class)
                .get(Duration.ofSeconds(1))
                .hasCode(BuiltInCode.TASK_NOT_FOUND))
        .isTrue();
    Task<Nothing, String> t = (Task<Nothing, String>) gallop.engine().registry().get("noop");
    TaskHandle<String> h = t.send(new Nothing());
    long start = System.nanoTime();
    assertThat(h.get(Duration.ofMillis(200)).hasCode(BuiltInCode.WAIT_TIMEOUT)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(190));
    assertThat(h.get(Duration.ZERO).hasCode(BuiltInCode.WAIT_TIMEOUT)).isTrue();
    assertThat(h.get(Duration.ofMillis(-5)).hasCode(BuiltInCode.WAIT_TIMEOUT)).isTrue();
  }

  @Test
  void sendIsIdempotentByIdAndRejectsADifferentPayload() {
    Task<Add, Integer> add =
        gallop
            .task("add", Add.class, Integer.class)
            .handler((in, ctx) -> TaskResult.ok(in.a() + in.b()));
    TaskHandle<Integer> first = add.send(new Add(1, 1), SendOptions.withId("order-1"));
    TaskHandle<Integer> again = add.send(new Add(1, 1), SendOptions.withId("order-1"));
    assertThat(again.taskId()).isEqualTo(first.taskId());
    assertThat(sqlLong("select count(*) from gallop_tasks")).isEqualTo(1);
    assertThatThrownBy(() -> add.send(new Add(1, 2), SendOptions.withId("order-1")))
        .isInstanceOfSatisfying(
            TaskSendException.class,
            e -> {
              assertThat(e.code()).isEqualTo(TaskSendException.Code.PAYLOAD_MISMATCH);
              assertThat(e.taskId()).isEqualTo("order-1");
              assertThat(e.retryable()).isFalse();
            });
  }

  @Test
  void sendAllWritesEveryTaskInOneTransactionAndReturnsHandlesInOrder() {
    Task<Add, Integer> add =
        gallop
            .task("add", Add.class, Integer.class)
            .handler((in, ctx) -> TaskResult.ok(in.a() + in.b()));
    List<Add> inputs =
        java.util.stream.IntStream.range(0, 2_500).mapToObj(i -> new Add(i, 1)).toList();
    List<TaskHandle<Integer>> handles = add.sendAll(inputs);
    assertThat(handles).hasSize(2_500);
    assertThat(sqlLong("select count(*) from gallop_tasks where status = 'PENDING'"))
        .isEqualTo(2_500);
    startWorker();
    assertThat(handles.get(0).get(WAIT)).isEqualTo(TaskResult.ok(1));
    assertThat(handles.get(2_499).get(WAIT)).isEqualTo(TaskResult.ok(2_500));
    await()
        .atMost(WAIT)
        .until(
            () -> sqlLong("select count(*) from gallop_tasks where status = 'COMPLETED'") == 2_500);
    assertThat(add.sendAll(List.of())).isEmpty();
  }

  @Test
  void sendAllWithOneBadInputWritesNothing() {
    Task<Name, String> hello =
        gallop
            .task("hello", Name.class, String.class)
            .handler((in, ctx) -> TaskResult.ok(in.name()));
    List<Name> inputs = new java.util.ArrayList<>(List.of(new Name("a"), new Name("b")));
    inputs.add(null);
    assertThatThrownBy(() -> hello.sendAll(inputs))
        .isInstanceOfSatisfying(
            TaskSendException.class,
            e -> assertThat(e.code()).isEqualTo(TaskSendException.Code.VALIDATION_FAILED));
    assertThatThrownBy(() -> hello.sendAll(List.of(new Name("ok"), new Name("bad \ud800"))))
        .isInstanceOfSatisfying(
            TaskSendException.class, e -> assertThat(e.message()).contains("surrogate"));
    assertThat(sqlLong("select count(*) from gallop_tasks")).isZero();
  }

  @Test
  void badSendsAreRejectedBeforeAnythingIsWritten() {
    Task<Add, Integer> add =
        gallop
            .task("add", Add.class, Integer.class)
            .handler((in, ctx) -> TaskResult.ok(in.a() + in.b()));
    assertThatThrownBy(() -> add.send(new Add(1, 1), SendOptions.withId(" ")))
        .isInstanceOfSatisfying(
            TaskSendException.class,
            e -> assertThat(e.code()).isEqualTo(TaskSendException.Code.VALIDATION_FAILED));
    assertThatThrownBy(() -> add.send(new Add(1, 1), SendOptions.withId("x".repeat(129))))
        .isInstanceOfSatisfying(
            TaskSendException.class,
            e -> assertThat(e.code()).isEqualTo(TaskSendException.Code.VALIDATION_FAILED));
    assertThatThrownBy(() ->
            add.send(new Add(1, 1), SendOptions.none().goodUntil(Instant.now().minusSeconds(1))))
        .isInstanceOfSatisfying(
            TaskSendException.class, e -> assertThat(e.message()).contains("goodUntil"));
    assertThat(sqlLong("select count(*) from gallop_tasks")).isZero();
  }

  @Test
  void retriesUntilSuccessThenCompletes() {
    AtomicInteger calls = new AtomicInteger();
    Task<Nothing, String> flaky =
        gallop
            .task("flaky", Nothing.class, String.class)
            .retryPolicy(
                RetryPolicy.fixed(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), "FLAKY")
                    .withJitter(false))
            .handler((in, ctx) ->
                calls.incrementAndGet() < 3
                    ? TaskResult.err("FLAKY", "try again")
                    : TaskResult.ok("done"));
    startWorker();
    TaskHandle<String> h = flaky.send(new Nothing());
    assertThat(h.get(WAIT)).isEqualTo(TaskResult.ok("done"));
    TaskInfo info = h.info();
    assertThat(info.retryCount()).isEqualTo(2);
    assertThat(info.attempts())
        .extracting(TaskAttempt::outcome)
        .containsExactly("FAILED", "FAILED", "COMPLETED");
    assertThat(info.attempts())
        .extracting(TaskAttempt::willRetry)
        .containsExactly(true, true, false);
  }

  /**
   * A slot freed while the claim loop had slots to spare does not wake it (it would claim nothing
   * on every workflow hop), so a retry must: its statement notifies the queue. With a five-minute
   * poll, the retry runs when it is due, not at the next poll.
   */
  @Test
  void aRetryWakesAnIdleClaimLoopWithoutWaitingForThePoll() {
    AtomicInteger calls = new AtomicInteger();
    Task<Nothing, String> flaky =
        gallop
            .task("flaky-once", Nothing.class, String.class)
            .retryPolicy(
                RetryPolicy.fixed(List.of(Duration.ofSeconds(1)), "FLAKY").withJitter(false))
            .handler((in, ctx) ->
                calls.incrementAndGet() < 2
                    ? TaskResult.err("FLAKY", "try again")
                    : TaskResult.ok("done"));
    startWorker(fastWorker().notifyPollInterval(Duration.ofMinutes(5)).build());
    TaskHandle<String> h = flaky.send(new Nothing());
    assertThat(h.get(Duration.ofSeconds(60))).isEqualTo(TaskResult.ok("done"));
    assertThat(h.info().retryCount()).isEqualTo(1);
  }

  @Test
  void retriesExhaustIntoFailedWithTheAttemptHistory() {
    Task<Nothing, String> always =
        gallop
            .task("always", Nothing.class, String.class)
            .retryPolicy(
                RetryPolicy.exponential(Duration.ofSeconds(1), 2, "BOOM").withJitter(false))
            .handler((in, ctx) -> TaskResult.err("BOOM", "no luck"));
    startWorker();
    TaskHandle<String> h = always.send(new Nothing());
    TaskResult<String> r = h.get(WAIT);
    assertThat(r.hasCode("BOOM")).isTrue();
    TaskInfo info = h.info();
    assertThat(info.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(info.errorCode()).isEqualTo("BOOM");
    assertThat(info.attempts())
        .hasSize(3)
        .allSatisfy(a -> assertThat(a.errorCode()).isEqualTo("BOOM"));
  }

  @Test
  void exceptionsAreMappedToCodes() {
    Task<Name, String> t =
        gallop
            .task("thrower", Name.class, String.class)
            .mapException(IllegalArgumentException.class, "BAD_NAME")
            .handler((in, ctx) -> {
              if (in.name().equals("bad")) {
                throw new IllegalArgumentException("bad name");
              }
              throw new IllegalStateException("boom");
            });
    startWorker();
    TaskResult<String> mapped = t.send(new Name("bad")).get(WAIT);
    assertThat(mapped.hasCode("BAD_NAME")).isTrue();
    assertThat(mapped.errValue().exception().className())
        .isEqualTo(IllegalArgumentException.class.getName());
    TaskResult<String> unmapped = t.send(new Name("other")).get(WAIT);
    assertThat(unmapped.hasCode(BuiltInCode.UNHANDLED_EXCEPTION)).isTrue();
    assertThat(unmapped.errValue().message()).isEqualTo("boom");
  }

  @Test
  void wrongReturnTypeAndNullResultAreContractErrors() {
    @SuppressWarnings({"rawtypes", "unchecked"})
    Task<Nothing, Integer> liar =
        gallop
            .task("liar", Nothing.class, Integer.class)
            .handler((in, ctx) -> (TaskResult) TaskResult.ok("not a number"));
    Task<Nothing, Integer> nully =
        gallop.task("nully", Nothing.class, Integer.class).handler((in, ctx) -> null);
    startWorker();
    assertThat(liar.send(new Nothing()).get(WAIT).hasCode(BuiltInCode.RETURN_TYPE_MISMATCH))
        .isTrue();
    assertThat(nully.send(new Nothing()).get(WAIT).hasCode(BuiltInCode.TASK_EXCEPTION)).isTrue();
  }

  @Test
  void delayedTaskIsNotClaimedBeforeItsDelay() {
    Task<Nothing, Long> t =
        gallop
            .task("stamp", Nothing.class, Long.class)
            .handler((in, ctx) -> TaskResult.ok(System.currentTimeMillis()));
    startWorker();
    long sent = System.currentTimeMillis();
    TaskHandle<Long> h = t.send(new Nothing(), SendOptions.none().delay(Duration.ofMillis(1500)));
    Long ranAt = h.get(WAIT).unwrap();
    assertThat(ranAt - sent).isGreaterThanOrEqualTo(1400);
  }

  @Test
  void taskPastGoodUntilExpiresWithoutRunning() {
    AtomicInteger ran = new AtomicInteger();
    Task<Nothing, String> t =
        gallop
            .task("late", Nothing.class, String.class)
            .handler((in, ctx) -> {
              ran.incrementAndGet();
              return TaskResult.ok("ran");
            });
    TaskHandle<String> h =
        t.send(new Nothing(), SendOptions.none().goodUntil(Instant.now().plusMillis(300)));
    await()
        .atMost(WAIT)
        .until(() -> sqlLong("select count(*) from gallop_tasks where good_until < now()") == 1);
    startWorker();
    TaskResult<String> r = h.get(WAIT);
    assertThat(r.hasCode(BuiltInCode.TASK_EXPIRED)).isTrue();
    assertThat(h.info().status()).isEqualTo(TaskStatus.EXPIRED);
    assertThat(h.info().attempts()).isEmpty();
    assertThat(ran).hasValue(0);
  }

  @Test
  void unknownTaskAndUndecodableInputsBecomeErrorCodesNotCrashes() {
    Task<Add, Integer> add =
        gallop
            .task("add", Add.class, Integer.class)
            .handler((in, ctx) -> TaskResult.ok(in.a() + in.b()));
    sqlUpdate(
        """
        insert into gallop_tasks (id, task_name, queue_name, priority, inputs, status, enqueued_at, enqueue_sha)
        values ('ghost', 'not-registered', 'default', 100, '{}', 'PENDING', now(), 'x'),
               ('garbage', 'add', 'default', 100, '{"a": "not a number"', 'PENDING', now(), 'x')
        """);
    startWorker();
    assertThat(gallop.taskHandle("ghost").get(WAIT).hasCode(BuiltInCode.WORKER_RESOLUTION_ERROR))
        .isTrue();
    assertThat(
            gallop.taskHandle("garbage").get(WAIT).hasCode(BuiltInCode.WORKER_SERIALIZATION_ERROR))
        .isTrue();
    // the worker keeps working
    assertThat(add.send(new Add(20, 22)).get(WAIT)).isEqualTo(TaskResult.ok(42));
  }

  @Test
  void idWithNulOrUnpairedSurrogateIsAValidationErrorNotAnEnqueueFailure() {
    Task<Name, String> hello =
        gallop
            .task("hello", Name.class, String.class)
            .handler((in, ctx) -> TaskResult.ok(in.name()));
    for (String id : List.of("a\u0000b", "lone\ud800")) {
      assertThatThrownBy(() -> hello.send(new Name("x"), SendOptions.withId(id)))
          .isInstanceOfSatisfying(
              TaskSendException.class,
              e -> {
                assertThat(e.code()).isEqualTo(TaskSendException.Code.VALIDATION_FAILED);
                assertThat(e.retryable()).isFalse();
              });
    }
    assertThat(sqlLong("select count(*) from gallop_tasks")).isZero();
  }

  @Test
  void unpairedSurrogateInAnInputIsRefusedInsteadOfStoredAsAQuestionMark() {
    Task<Name, String> hello =
        gallop
            .task("hello", Name.class, String.class)
            .handler((in, ctx) -> TaskResult.ok(in.name()));
    assertThatThrownBy(() -> hello.send(new Name("half \ud83d")))
        .isInstanceOfSatisfying(
            TaskSendException.class,
            e -> assertThat(e.message()).contains("unpaired UTF-16 surrogate (U+D83D)"));
    assertThat(sqlLong("select count(*) from gallop_tasks")).isZero();
  }

  @Test
  void unpairedSurrogateInAResultIsASerializationErrorNotAQuestionMark() {
    Task<Name, String> half =
        gallop.task("half", Name.class, String.class).handler((in, ctx) -> TaskResult.ok("\ud83d"));
    startWorker();
    TaskResult<String> r = half.send(new Name("x")).get(WAIT);
    assertThat(r.hasCode(BuiltInCode.WORKER_SERIALIZATION_ERROR)).isTrue();
    assertThat(r.errValue().message()).contains("unpaired UTF-16 surrogate");
  }

  @Test
  void storedInputsWithTrailingGarbageAreASerializationErrorNotAnEmptyInput() {
    Task<Name, String> hello =
        gallop
            .task("hello", Name.class, String.class)
            .handler((in, ctx) -> TaskResult.ok(in.name()));
    sqlUpdate(
        """
        insert into gallop_tasks (id, task_name, queue_name, priority, inputs, status, enqueued_at, enqueue_sha)
        values ('trailing', 'hello', 'default', 100, '{"name":"a"}{"name":"b"}', 'PENDING', now(), 'x')
        """);
    startWorker();
    assertThat(
            gallop.taskHandle("trailing").get(WAIT).hasCode(BuiltInCode.WORKER_SERIALIZATION_ERROR))
        .isTrue();
  }

  @Test
  void oversizedResultIsASerializationError() {
    Gallop small = newEngine(b -> b.payloadLimitBytes(2048));
    Task<Nothing, String> big =
        small
            .task("big", Nothing.class, String.class)
            .handler((in, ctx) -> TaskResult.ok("x".repeat(5000)));
    startWorker(small, fastWorker().build());
    TaskResult<String> r = big.send(new Nothing()).get(WAIT);
    assertThat(r.hasCode(BuiltInCode.WORKER_SERIALIZATION_ERROR)).isTrue();
    assertThat(r.errValue().message()).contains("bytes");
  }

  @Test
  void moreUrgentPriorityIsClaimedFirst() {
    Gallop custom = newEngine(b -> b.queue(Queue.of("urgent", 10)).queue(Queue.of("later", 50)));
    List<String> order = new CopyOnWriteArrayList<>();
    Task<Name, String> later =
        custom
            .task("later", Name.class, String.class)
            .queue("later")
            .handler((in, ctx) -> {
              order.add(in.name());
              return TaskResult.ok(in.name());
            });
    Task<Name, String> urgent =
        custom
            .task("urgent", Name.class, String.class)
            .queue("urgent")
            .handler((in, ctx) -> {
              order.add(in.name());
              return TaskResult.ok(in.name());
            });
    later.send(new Name("L1"));
    later.send(new Name("L2"));
    TaskHandle<String> last = urgent.send(new Name("U1"));
    startWorker(custom, fastWorker().concurrency(1).maxClaimBatch(1).build());
    await().atMost(WAIT).until(() -> order.size() == 3);
    assertThat(order.get(0)).isEqualTo("U1");
    assertThat(last.get(WAIT)).isEqualTo(TaskResult.ok("U1"));
  }

  @Test
  void queueMaxConcurrencyIsNeverExceededAcrossWorkers() throws Exception {
    Gallop custom = newEngine(b -> b.queue(Queue.capped("narrow", 1, 2)));
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(12);
    Task<Nothing, String> t =
        custom
            .task("narrow", Nothing.class, String.class)
            .queue("narrow")
            .handler((in, ctx) -> {
              int now = running.incrementAndGet();
              peak.accumulateAndGet(now, Math::max);
              try {
                Thread.sleep(50); // simulated work, not synchronisation
              } finally {
                running.decrementAndGet();
                done.countDown();
              }
              return TaskResult.ok("ok");
            });
    for (int i = 0; i < 12; i++) {
      t.send(new Nothing());
    }
    startWorker(custom, fastWorker().concurrency(4).build());
    startWorker(custom, fastWorker().concurrency(4).build());
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(peak.get()).isLessThanOrEqualTo(2).isGreaterThanOrEqualTo(1);
  }

  @Test
  void twoWorkersRunTwoThousandTasksExactlyOnce() {
    Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
    Task<Add, Integer> t =
        gallop
            .task("count", Add.class, Integer.class)
            .handler((in, ctx) -> {
              runs.computeIfAbsent(in.a(), k -> new AtomicInteger()).incrementAndGet();
              return TaskResult.ok(in.a());
            });
    for (int i = 0; i < 2000; i++) {
      t.send(new Add(i, 0));
    }
    Gallop second = newEngine(b -> b);
    second
        .task("count", Add.class, Integer.class)
        .handler((in, ctx) -> {
          runs.computeIfAbsent(in.a(), k -> new AtomicInteger()).incrementAndGet();
          return TaskResult.ok(in.a());
        });
    startWorker(fastWorker().concurrency(4).maxClaimBatch(10).build());
    startWorker(second, fastWorker().concurrency(4).maxClaimBatch(10).build());
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> sqlLong("select count(*) from gallop_tasks where status = 'COMPLETED'") == 2000);
    assertThat(runs).hasSize(2000);
    assertThat(runs.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
    assertThat(sqlLong("select count(*) from gallop_attempts")).isEqualTo(2000);
    assertThat(sqlLong("select count(distinct claimed_by) from gallop_tasks")).isEqualTo(2);
  }

  @Test
  void staleClaimIsRequeuedAndCompletedByAnotherWorker() throws Exception {
    Task<Add, Integer> add =
        gallop
            .task("add", Add.class, Integer.class)
            .handler((in, ctx) -> TaskResult.ok(in.a() + in.b()));
    TaskHandle<Integer> h = add.send(new Add(4, 4));
    // a worker that died right after claiming
    sqlUpdate(
        """
        update gallop_tasks set status = 'CLAIMED', claimed_by = 'dead-worker', claimed_at = now() - interval '1 hour',
               claim_expires_at = now() - interval '59 minutes', claimer_heartbeat_at = now() - interval '1 hour'
        """);
    WorkerImpl w = startWorker();
    assertThat(h.get(WAIT)).isEqualTo(TaskResult.ok(8));
    assertThat(h.info().claimedBy()).isEqualTo(w.workerId());
    assertThat(h.info().attempts()).hasSize(1);
  }

  @Test
  void staleRunningTaskFailsWithWorkerCrashedOrRetries() {
    Task<Add, Integer> add =
        gallop
            .task("add", Add.class, Integer.class)
            .handler((in, ctx) -> TaskResult.ok(in.a() + in.b()));
    Task<Add, Integer> retrying =
        gallop
            .task("retrying", Add.class, Integer.class)
            .retryPolicy(
                RetryPolicy.fixed(List.of(Duration.ofSeconds(1)), "WORKER_CRASHED")
                    .withJitter(false))
            .handler((in, ctx) -> TaskResult.ok(in.a() * in.b()));
    TaskHandle<Integer> crashed = add.send(new Add(1, 1), SendOptions.withId("crashed"));
    TaskHandle<Integer> retried = retrying.send(new Add(3, 3), SendOptions.withId("retried"));
    sqlUpdate(
        """
        update gallop_tasks set status = 'RUNNING', claimed_by = 'dead-worker', claimed_at = now() - interval '1 hour',
               started_at = now() - interval '1 hour', runner_heartbeat_at = now() - interval '1 hour'
        """);
    startWorker();
    TaskResult<Integer> r = crashed.get(WAIT);
    assertThat(r.hasCode(BuiltInCode.WORKER_CRASHED)).isTrue();
    assertThat(crashed.info().attempts())
        .extracting(TaskAttempt::outcome)
        .containsExactly("WORKER_FAILURE");
    assertThat(retried.get(WAIT)).isEqualTo(TaskResult.ok(9));
    assertThat(retried.info().attempts())
        .extracting(TaskAttempt::outcome)
        .containsExactly("WORKER_FAILURE", "COMPLETED");
  }

  @Test
  void recoveryTwiceRepairsNothingTheSecondTime() throws Exception {
    gallop
        .task("add", Add.class, Integer.class)
        .handler((in, ctx) -> TaskResult.ok(in.a() + in.b()));
    sqlUpdate(
        """
        insert into gallop_tasks (id, task_name, queue_name, priority, inputs, status, enqueued_at, enqueue_sha,
                                  claimed_by, claimed_at, claim_expires_at, started_at, runner_heartbeat_at)
        values ('s1', 'add', 'default', 100, '{"a":1,"b":2}', 'CLAIMED', now(), 'x', 'dead', now() - interval '1 hour',
                now() - interval '1 hour', null, null),
               ('s2', 'add', 'default', 100, '{"a":1,"b":2}', 'RUNNING', now(), 'x', 'dead', now() - interval '1 hour',
                now() - interval '1 hour', now() - interval '1 hour', now() - interval '1 hour')
        """);
    WorkerImpl w = (WorkerImpl) gallop.worker(fastWorker().build()); // not started: recovery only
    assertThat(w.recoverNow()).isEqualTo(2);
    assertThat(w.recoverNow()).isZero();
    assertThat(sqlString("select status from gallop_tasks where id = 's1'")).isEqualTo("PENDING");
    assertThat(sqlString("select status from gallop_tasks where id = 's2'")).isEqualTo("FAILED");
  }

  @Test
  void gracefulShutdownLetsRunningBodiesFinishAndRecordsTheirResult() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Task<Nothing, String> slow =
        gallop
            .task("slow", Nothing.class, String.class)
            .handler((in, ctx) -> {
              started.countDown();
              release.await(10, TimeUnit.SECONDS);
              return TaskResult.ok("finished");
            });
    TaskHandle<String> h = slow.send(new Nothing());
    WorkerImpl w = startWorker();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    w.shutdown();
    assertThat(w.isRunning()).isFalse();
    release.countDown();
    assertThat(w.awaitTermination(Duration.ofSeconds(20))).isTrue();
    assertThat(h.get(Duration.ZERO)).isEqualTo(TaskResult.ok("finished"));
  }

  @Test
  void invalidTaskDefinitionsNameTheBadValue() {
    assertThatThrownBy(() ->
            gallop
                .task("q", Nothing.class, String.class)
                .queue("emails")
                .handler((in, ctx) -> null))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> {
              assertThat(e.codes()).containsExactly("GALLOP-103");
              assertThat(e.getMessage()).contains("emails");
            });
    assertThatThrownBy(() ->
            gallop
                .task("m", Nothing.class, String.class)
                .mapException(RuntimeException.class, "WORKER_CRASHED")
                .handler((in, ctx) -> null))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.codes()).containsExactly("GALLOP-212"));
    gallop.task("dup", Nothing.class, String.class).handler((in, ctx) -> null);
    assertThatThrownBy(
            () -> gallop.task("dup", Nothing.class, String.class).handler((in, ctx) -> null))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.codes()).containsExactly("GALLOP-301"));
    assertThatThrownBy(
            () -> gallop.task("notrecord", String.class, String.class).handler((in, ctx) -> null))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.getMessage()).contains("record"));
    assertThatThrownBy(() -> Gallop.builder().queue(Queue.of("a b", 0)).build())
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> {
              assertThat(e.codes()).containsExactly("GALLOP-200");
              assertThat(e.problems()).hasSize(2);
            });
  }
}
