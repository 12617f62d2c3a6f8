package dev.gallop.internal.engine;

import dev.gallop.error.TaskSendException;
import dev.gallop.error.TaskSendException.Code;
import dev.gallop.internal.db.Db;
import dev.gallop.internal.db.Sql;
import dev.gallop.internal.db.Statistics;
import dev.gallop.internal.db.Transients;
import dev.gallop.internal.json.Json;
import dev.gallop.task.SendOptions;
import dev.gallop.task.TaskHandle;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Sends standalone tasks: validates, serializes canonically, hashes the payload and inserts with
 * {@code ON CONFLICT DO NOTHING}, so that sending is idempotent by task id.
 */
public final class TaskSender {
  private static final String INSERT =
      """
      insert into gallop_tasks (id, task_name, queue_name, priority, inputs, status, enqueued_at,
                                good_until, max_retries, retry_policy, enqueue_sha)
      values (?, ?, ?, ?, ?, 'PENDING', now() + ? * interval '1 millisecond', ?, ?, ?, ?)
      on conflict (id) do nothing
      """;

  /** Rows with generated ids: a conflict is impossible, so none is handled. */
  private static final String INSERT_MANY =
      """
      insert into gallop_tasks (id, task_name, queue_name, priority, inputs, status, enqueued_at,
                                max_retries, retry_policy, enqueue_sha)
      select r.id, ?, ?, ?, r.inputs, 'PENDING', now(), ?, ?, r.sha
        from unnest(?::text[], ?::text[], ?::text[]) as r (id, inputs, sha)
      """;

  private static final int BATCH = 1000;
  private static final String EXISTING_SHA = "select enqueue_sha from gallop_tasks where id = ?";

  /** The exact payload of a send, kept on a failed send's exception for {@code retrySend}. */
  record Payload(
      String taskName,
      String id,
      String inputs,
      long delayMs,
      @Nullable Instant goodUntil,
      String sha) {}

  private final Engine engine;

  TaskSender(Engine engine) {
    this.engine = engine;
  }

  <I, T> TaskHandle<T> send(RegisteredTask<I, T> task, I input, SendOptions options) {
    return insert(task, prepare(task, input, options == null ? SendOptions.none() : options));
  }

  /**
   * Sends many tasks with generated ids in one transaction: every input is validated first, then
   * all rows are written with one multi-row insert per {@value #BATCH} rows, or none is.
   */
  <I, T> List<TaskHandle<T>> sendAll(RegisteredTask<I, T> task, Collection<? extends I> inputs) {
    if (inputs == null) {
      throw invalid("-", "inputs of task '" + task.name() + "' must not be null");
    }
    List<Payload> payloads = new ArrayList<>(inputs.size());
    for (I input : inputs) {
      payloads.add(prepare(task, input, SendOptions.none()));
    }
    if (payloads.isEmpty()) {
      return List.of();
    }
    engine.ensureOpenForSend(payloads.get(0).id());
    String policy = RetryPolicyJson.write(task.retryPolicy());
    int maxRetries = task.retryPolicy() == null ? 0 : task.retryPolicy().maxRetries();
    try {
      Db.retryTransient(
          engine.config().resendOnTransientError() ? 3 : 0,
          () ->
              engine
                  .db()
                  .tx(c -> {
                    for (int from = 0; from < payloads.size(); from += BATCH) {
                      List<Payload> chunk =
                          payloads.subList(from, Math.min(payloads.size(), from + BATCH));
                      Sql.update(
                          c,
                          INSERT_MANY,
                          task.name(),
                          task.queue(),
                          task.priority(),
                          maxRetries,
                          policy,
                          chunk.stream().map(Payload::id).toArray(String[]::new),
                          chunk.stream().map(Payload::inputs).toArray(String[]::new),
                          chunk.stream().map(Payload::sha).toArray(String[]::new));
                    }
                    Sql.notify(c, Notifications.TASK_NEW, task.queue());
                    return null;
                  }));
      engine.metrics().enqueued(task.queue(), task.name(), payloads.size());
      Statistics.afterBulkInsert(engine.db(), "gallop_tasks", payloads.size());
    } catch (SQLException e) {
      throw new TaskSendException(
          Code.ENQUEUE_FAILED,
          "sending " + payloads.size() + " tasks '" + task.name() + "' failed: " + e.getMessage(),
          Transients.isTransient(e),
          payloads.get(0).id(),
          e,
          null);
    }
    return payloads.stream()
        .<TaskHandle<T>>map(p -> new TaskHandleImpl<>(engine, p.id(), task.resultType()))
        .toList();
  }

  /** Validates and serializes one send, before anything is written. */
  private <I> Payload prepare(RegisteredTask<I, ?> task, I input, SendOptions o) {
    String id = o.taskId() == null ? Ids.random() : o.taskId();
    String idProblem = Ids.problem("task", o.taskId() == null ? id : o.taskId());
    if (idProblem != null) {
      throw invalid(id, idProblem);
    }
    if (input == null) {
      throw invalid(id, "input of task '" + task.name() + "' must not be null");
    }
    Duration delay = o.delay() == null ? Duration.ZERO : o.delay();
    if (delay.isNegative()) {
      throw invalid(id, "delay must be >= 0, was " + delay);
    }
    if (o.goodUntil() != null && !o.goodUntil().isAfter(Instant.now())) {
      throw invalid(id, "goodUntil " + o.goodUntil() + " has already passed");
    }
    String inputs;
    try {
      inputs = Json.write(InputCodec.encode(task.shape(), input));
    } catch (Exception e) {
      throw invalid(
          id, "input of task '" + task.name() + "' is not serializable: " + e.getMessage());
    }
    String payloadProblem =
        Ids.payloadProblem("input", inputs, engine.config().payloadLimitBytes());
    if (payloadProblem != null) {
      throw invalid(id, payloadProblem);
    }
    String policy = RetryPolicyJson.write(task.retryPolicy());
    String sha =
        Ids.sha256(
            task.name(),
            task.queue(),
            Integer.toString(task.priority()),
            inputs,
            String.valueOf(o.goodUntil()),
            Long.toString(delay.toMillis()),
            String.valueOf(policy));
    return new Payload(task.name(), id, inputs, delay.toMillis(), o.goodUntil(), sha);
  }

  <I, T> TaskHandle<T> retrySend(RegisteredTask<I, T> task, TaskSendException e) {
    if (e.code() != Code.ENQUEUE_FAILED
        || !(e.replay() instanceof Payload p)
        || !p.taskName().equals(task.name())) {
      throw new TaskSendException(
          Code.VALIDATION_FAILED,
          "retrySend accepts only an ENQUEUE_FAILED exception from a send of task '"
              + task.name()
              + "'",
          false,
          e.taskId(),
          null);
    }
    return insert(task, p);
  }

  private <T> TaskHandle<T> insert(RegisteredTask<?, T> task, Payload p) {
    engine.ensureOpenForSend(p.id());
    try {
      return Db.retryTransient(
          engine.config().resendOnTransientError() ? 3 : 0, () -> insertOnce(task, p));
    } catch (SQLException e) {
      throw new TaskSendException(
          Code.ENQUEUE_FAILED,
          "sending task '" + p.id() + "' failed: " + e.getMessage(),
          Transients.isTransient(e),
          p.id(),
          e,
          p);
    }
  }

  private <T> TaskHandle<T> insertOnce(RegisteredTask<?, T> task, Payload p) throws SQLException {
    while (true) {
      boolean inserted =
          engine
              .db()
              .tx(c -> {
                int n =
                    Sql.update(
                        c,
                        INSERT,
                        p.id(),
                        task.name(),
                        task.queue(),
                        task.priority(),
                        p.inputs(),
                        p.delayMs(),
                        p.goodUntil(),
                        task.retryPolicy() == null ? 0 : task.retryPolicy().maxRetries(),
                        RetryPolicyJson.write(task.retryPolicy()),
                        p.sha());
                if (n == 1 && p.delayMs() == 0) {
                  Sql.notify(c, Notifications.TASK_NEW, task.queue());
                }
                return n == 1;
              });
      if (inserted) {
        engine.metrics().enqueued(task.queue(), task.name(), 1);
      } else {
        Optional<String> sha =
            engine.db().read(c -> Sql.one(c, EXISTING_SHA, rs -> rs.getString(1), p.id()));
        if (sha.isEmpty()) {
          continue; // removed by retention meanwhile: the id is free again
        }
        if (!sha.get().trim().equals(p.sha())) {
          throw new TaskSendException(
              Code.PAYLOAD_MISMATCH,
              "task id '" + p.id() + "' already exists with a different payload",
              false,
              p.id(),
              null);
        }
      }
      return new TaskHandleImpl<>(engine, p.id(), task.resultType());
    }
  }

  private static TaskSendException invalid(String id, String message) {
    return new TaskSendException(Code.VALIDATION_FAILED, message, false, id, null);
  }
}
