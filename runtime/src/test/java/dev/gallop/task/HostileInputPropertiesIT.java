package dev.gallop.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gallop.Gallop;
import dev.gallop.error.TaskSendException;
import dev.gallop.error.WorkflowStartException;
import dev.gallop.internal.db.Sql;
import dev.gallop.testing.IntegrationTest;
import dev.gallop.testing.TestDatabase;
import dev.gallop.worker.Worker;
import dev.gallop.workflow.TaskNode;
import dev.gallop.workflow.WorkflowHandle;
import dev.gallop.workflow.WorkflowSpec;
import dev.gallop.workflow.WorkflowStatus;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing of the boundaries with hostile data: ids and names with SQL metacharacters, Unicode,
 * control characters and 10,000 characters; malformed JSON stored in task inputs and results. Every
 * value is either rejected with a validation code before anything is written, or stored and read
 * back verbatim; every malformed stored payload becomes a clear error code on its task or node, and
 * the worker loop keeps running.
 */
class HostileInputPropertiesIT {
  record Echo(String text) {}

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static String url;
  private static Gallop gallop;
  private static Worker worker;
  private static Task<Echo, String> echo;

  @BeforeContainer
  static void start() {
    url = TestDatabase.get().freshDatabase();
    gallop = Gallop.builder().databaseUrl(url).ignoreEnvironment().poolSize(6).build();
    echo =
        gallop
            .task("echo", Echo.class, String.class)
            .handler((in, ctx) -> TaskResult.ok(in.text()));
    worker = gallop.worker(IntegrationTest.fastWorker().build()).start();
  }

  @AfterContainer
  static void stop() {
    worker.close();
    gallop.close();
    TestDatabase.get().drop(url);
  }

  /** Strings an attacker or a careless caller could pass as an id, a name or a payload. */
  @Provide
  Arbitrary<String> hostile() {
    Arbitrary<String> fragments =
        Arbitraries.of(
            "'",
            "\"",
            ";",
            "--",
            "/*",
            "*/",
            "\\",
            "'; drop table gallop_tasks; --",
            "' or '1'='1",
            "$1",
            "?",
            "%",
            "_",
            "\u0000",
            "\n",
            "\t",
            "\r\n",
            "\u202e",
            "é",
            "日本語",
            "😀",
            "\ud800",
            "\udc00",
            " ",
            "",
            "{\"ok\":true}",
            "</script>");
    Arbitrary<String> mixed =
        fragments.list().ofMinSize(1).ofMaxSize(12).map(parts -> String.join("", parts));
    Arbitrary<String> unicode = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(140);
    Arbitrary<String> huge =
        Arbitraries.integers().between(129, 10_000).map(n -> "x'".repeat(n / 2 + 1));
    Arbitrary<String> edge =
        Arbitraries.of("x".repeat(128), "y".repeat(129), "é".repeat(128), "😀".repeat(64));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, mixed),
        net.jqwik.api.Tuple.of(3, unicode),
        net.jqwik.api.Tuple.of(1, huge),
        net.jqwik.api.Tuple.of(1, edge));
  }

  /** The id rule: non-blank, at most 128 characters, and storable text (no NUL, no lone half). */
  private static boolean acceptableId(String id) {
    return !id.isBlank() && id.length() <= 128 && storable(id);
  }

  private static boolean storable(String s) {
    return s.indexOf('\u0000') < 0 && validUtf16(s);
  }

  private static boolean validUtf16(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  @Property(tries = 150)
  void hostileTaskIdsAreRejectedOrStoredVerbatim(@ForAll("hostile") String id) {
    long before = count();
    if (!acceptableId(id)) {
      assertThatThrownBy(() -> echo.send(new Echo("x"), SendOptions.withId(id)))
          .isInstanceOfSatisfying(
              TaskSendException.class,
              e -> {
                assertThat(e.code()).isEqualTo(TaskSendException.Code.VALIDATION_FAILED);
                assertThat(e.retryable()).isFalse();
              });
      assertThat(count()).isEqualTo(before);
      return;
    }
    boolean seen = storedId(id).isPresent(); // jqwik may generate the same id twice
    TaskHandle<String> h = echo.send(new Echo(id), SendOptions.withId(id));
    assertThat(h.get(WAIT)).isEqualTo(TaskResult.ok(id));
    assertThat(storedId(id)).contains(id);
    assertThat(gallop.taskHandle(id, String.class).get(WAIT)).isEqualTo(TaskResult.ok(id));
    assertThat(count()).isEqualTo(seen ? before : before + 1);
  }

  @Property(tries = 100)
  void hostilePayloadStringsRoundTripExactlyOrAreRefused(@ForAll("hostile") String text) {
    if (!validUtf16(text)) {
      // no UTF-8 form: the driver would store '?' in its place, so the send refuses it
      assertThatThrownBy(() -> echo.send(new Echo(text)))
          .isInstanceOfSatisfying(
              TaskSendException.class,
              e -> {
                assertThat(e.code()).isEqualTo(TaskSendException.Code.VALIDATION_FAILED);
                assertThat(e.message()).contains("unpaired UTF-16 surrogate");
              });
      return;
    }
    // NUL and other control characters are escaped in the JSON text and come back unchanged
    assertThat(echo.send(new Echo(text)).get(WAIT)).isEqualTo(TaskResult.ok(text));
  }

  @Property(tries = 60)
  void hostileWorkflowIdsAndNamesAreRejectedOrStoredVerbatim(
      @ForAll("hostile") String hostileId, @ForAll("hostile") String name) {
    // one workflow per accepted try; a rejected id is tried as generated (blank ones included)
    String id = acceptableId(hostileId) ? COUNTER.incrementAndGet() + hostileId : hostileId;
    if (name.isBlank() || !storable(name)) {
      assertThatThrownBy(() -> gallop.workflow(name).nodes(node()).build())
          .isInstanceOf(dev.gallop.error.WorkflowValidationException.class);
      return;
    }
    WorkflowSpec<?> spec = gallop.workflow(name).nodes(node()).build();
    if (!acceptableId(id)) {
      long before = countWorkflows();
      assertThatThrownBy(() -> spec.start(id))
          .isInstanceOfSatisfying(
              WorkflowStartException.class,
              e -> assertThat(e.code()).isEqualTo(WorkflowStartException.Code.VALIDATION_FAILED));
      assertThat(countWorkflows()).isEqualTo(before);
      return;
    }
    WorkflowHandle<?> h = spec.start(id);
    assertThat(h.get(WAIT).isOk()).isTrue();
    assertThat(h.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(gallop.workflowHandle(id).info().name()).isEqualTo(name);
  }

  private static TaskNode<String> node() {
    return TaskNode.of(echo).inputs(new Echo("wf")).nodeId("n").build();
  }

  /** Stored text that is not a decodable input: truncated, prefixed with garbage, wrong shape. */
  @Provide
  Arbitrary<String> malformedInputs() {
    String valid = "{\"text\":\"hello\"}";
    Arbitrary<String> truncated =
        Arbitraries.integers().between(0, valid.length() - 1).map(n -> valid.substring(0, n));
    Arbitrary<String> garbage =
        Arbitraries.strings()
            .all()
            .ofMaxLength(200)
            .filter(HostileInputPropertiesIT::storable)
            .map(s -> "<" + s);
    Arbitrary<String> wrongShape =
        Arbitraries.of("[1,2,3]", "\"text\"", "{\"text\":{\"nested\":[}", "{\"text\":[1]}", "{}{}");
    return Arbitraries.oneOf(truncated, garbage, wrongShape);
  }

  @Property(tries = 40)
  void malformedStoredInputsFailOnlyThatTask(@ForAll("malformedInputs") String inputs) {
    String id = "bad-in-" + COUNTER.incrementAndGet();
    exec(
        """
        insert into gallop.gallop_tasks (id, task_name, queue_name, priority, inputs, status, enqueued_at, enqueue_sha)
        values (?, 'echo', 'default', 100, ?, 'PENDING', now(), 'x')
        """,
        id,
        inputs);
    TaskResult<String> r = gallop.taskHandle(id, String.class).get(WAIT);
    assertThat(r.hasCode(BuiltInCode.WORKER_SERIALIZATION_ERROR)).as("result %s", r).isTrue();
    assertThat(r.errValue().message()).contains(id);
    // the worker loop survived and keeps working
    assertThat(echo.send(new Echo("still alive")).get(WAIT))
        .isEqualTo(TaskResult.ok("still alive"));
  }

  /** Stored result text that is not a TaskResult. */
  @Provide
  Arbitrary<String> malformedResults() {
    Arbitrary<String> garbage =
        Arbitraries.strings().all().ofMaxLength(200).filter(HostileInputPropertiesIT::storable);
    Arbitrary<String> notAResult =
        Arbitraries.of(
            "{\"ok\":\"yes\"}",
            "{\"value\":1}",
            "{\"ok\":false}",
            "{\"ok\":false,\"error\":17}",
            "[true]",
            "{\"ok\":true",
            "null");
    return Arbitraries.oneOf(garbage, notAResult)
        .filter(s -> !s.trim().startsWith("{\"ok\":true,") && !s.isBlank());
  }

  @Property(tries = 40)
  void malformedStoredResultsBecomeErrorCodes(@ForAll("malformedResults") String stored) {
    TaskHandle<String> task = echo.send(new Echo("fine"));
    assertThat(task.get(WAIT)).isEqualTo(TaskResult.ok("fine"));
    WorkflowHandle<?> wf = gallop.workflow("corrupt").nodes(node()).build().start();
    assertThat(wf.get(WAIT).isOk()).isTrue();

    exec("update gallop.gallop_tasks set result = ? where id = ?", stored, task.taskId());
    exec(
        "update gallop.gallop_workflow_nodes set result = ? where workflow_id = ?",
        stored,
        wf.workflowId());

    TaskResult<String> r = gallop.taskHandle(task.taskId(), String.class).get(WAIT);
    assertThat(r.hasCode(BuiltInCode.RESULT_DESERIALIZATION_ERROR)).as("task %s", r).isTrue();
    TaskResult<?> node = wf.resultFor(dev.gallop.workflow.NodeKey.of("n"));
    assertThat(node.hasCode(BuiltInCode.RESULT_DESERIALIZATION_ERROR)).as("node %s", node).isTrue();
    assertThat(wf.results().get("n").hasCode(BuiltInCode.RESULT_DESERIALIZATION_ERROR)).isTrue();
    assertThat(wf.tasks()).hasSize(1);
  }

  private static long count() {
    return one("select count(*) from gallop.gallop_tasks").orElseThrow();
  }

  private static long countWorkflows() {
    return one("select count(*) from gallop.gallop_workflows").orElseThrow();
  }

  private static Optional<String> storedId(String id) {
    try (Connection c = DriverManager.getConnection(url)) {
      return Sql.one(
          c, "select id from gallop.gallop_tasks where id = ?", rs -> rs.getString(1), id);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<Long> one(String sql) {
    try (Connection c = DriverManager.getConnection(url)) {
      return Sql.one(c, sql, rs -> rs.getLong(1));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void exec(String sql, Object... params) {
    try (Connection c = DriverManager.getConnection(url)) {
      Sql.update(c, sql, params);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
