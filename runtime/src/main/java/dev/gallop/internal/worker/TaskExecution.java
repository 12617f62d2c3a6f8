package dev.gallop.internal.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gallop.internal.db.Sql;
import dev.gallop.internal.db.Transients;
import dev.gallop.internal.engine.Engine;
import dev.gallop.internal.engine.Ids;
import dev.gallop.internal.engine.InputCodec;
import dev.gallop.internal.engine.Notifications;
import dev.gallop.internal.engine.Outcomes;
import dev.gallop.internal.engine.RegisteredTask;
import dev.gallop.internal.engine.RetryPolicyJson;
import dev.gallop.internal.json.Json;
import dev.gallop.internal.json.TaskResultJson;
import dev.gallop.internal.workflow.ContextImpl;
import dev.gallop.internal.workflow.HandOff;
import dev.gallop.internal.workflow.WorkflowEngine;
import dev.gallop.task.BuiltInCode;
import dev.gallop.task.ErrorCode;
import dev.gallop.task.TaskContext;
import dev.gallop.task.TaskResult;
import dev.gallop.workflow.WorkflowContext;
import dev.gallop.workflow.WorkflowMeta;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed task's life in this worker: the start transaction (ownership, lease and workflow
 * checked together with the node's move to RUNNING), the body, and the finalize transaction (a
 * failed attempt's record, then COMPLETED, FAILED or a retry, and for a workflow task the
 * workflow's advancement, all guarded by {@code status = 'RUNNING' and claimed_by = me}).
 */
final class TaskExecution implements TaskContext {
  private static final Logger log = LoggerFactory.getLogger(TaskExecution.class);

  private static final String WORKFLOW_STATUS_SHARE =
      "select status from gallop_workflows where id = ? for share";
  private static final String START =
      """
      update gallop_tasks set status = 'RUNNING', started_at = now(), runner_heartbeat_at = now(), updated_at = now()
       where id = ? and status = 'CLAIMED' and claimed_by = ? and claim_expires_at > now()
         and (good_until is null or good_until > now())
      returning started_at
      """;
  private static final String NODE_RUNNING =
      """
      update gallop_workflow_nodes set status = 'RUNNING', started_at = coalesce(started_at, now())
       where workflow_id = ? and node_index = ? and status in ('ENQUEUED', 'RUNNING')
      """;
  private static final String CLAIMED_EXPIRED =
      """
      select 1 from gallop_tasks where id = ? and status = 'CLAIMED' and claimed_by = ?
         and good_until is not null and good_until <= now() for update
      """;
  static final String HAND_BACK =
      """
      update gallop_tasks set status = 'PENDING', claimed_by = null, claim_expires_at = null,
             claimer_heartbeat_at = null, updated_at = now()
       where id = ? and status = 'CLAIMED' and claimed_by = ?
      """;

  /** Hands back a row its claim started whose body never ran (the attempt did not happen). */
  private static final String HAND_BACK_STARTED =
      """
      update gallop_tasks set status = 'PENDING', claimed_by = null, claim_expires_at = null,
             claimer_heartbeat_at = null, started_at = null, runner_heartbeat_at = null, updated_at = now()
       where id = ? and status = 'RUNNING' and claimed_by = ?
      """;

  private static final String LOCK_RUNNING =
      """
      select retry_count, good_until, retry_policy, workflow_id, node_index, started_at, queue_name
        from gallop_tasks where id = ? and status = 'RUNNING' and claimed_by = ? for update
      """;
  private static final String ATTEMPT =
      """
      insert into gallop_task_attempts (task_id, attempt, outcome, will_retry, started_at, finished_at,
                                        error_code, error_message, worker_id)
      values (?, ?, ?, ?, ?, now(), ?, ?, ?)
      on conflict (task_id, attempt) do update set outcome = excluded.outcome, will_retry = excluded.will_retry,
             finished_at = excluded.finished_at, error_code = excluded.error_code,
             error_message = excluded.error_message, worker_id = excluded.worker_id
      """;
  private static final String FINISH =
      """
      update gallop_tasks set status = ?, result = ?, error_code = ?, failed_reason = ?, completed_at = now(),
             runner_heartbeat_at = null, updated_at = now()
       where id = ? and status = ?
      """;

  /** How the start transaction ended. */
  enum Start {
    STARTED,
    HANDED_BACK,
    EXPIRED,
    ABANDONED
  }

  private final Engine engine;
  private final WorkerImpl worker;
  private final ClaimedTask task;
  private volatile boolean cancelRequested;
  private @Nullable Instant startedAt;

  TaskExecution(Engine engine, WorkerImpl worker, ClaimedTask task) {
    this.engine = engine;
    this.worker = worker;
    this.task = task;
  }

  /** Start time of the body as the database recorded it, once started. */
  @Nullable Instant startedAt() {
    return startedAt;
  }

  ClaimedTask task() {
    return task;
  }

  void requestCancel() {
    cancelRequested = true;
  }

  @Override
  public String taskId() {
    return task.id();
  }

  @Override
  public int attempt() {
    return task.retryCount() + 1;
  }

  @Override
  public boolean isCancellationRequested() {
    return cancelRequested;
  }

  @Override
  public Optional<WorkflowMeta> workflow() {
    return Optional.ofNullable(meta());
  }

  private @Nullable WorkflowMeta meta() {
    return task.workflowId() == null
        ? null
        : new WorkflowMeta(task.workflowId(), task.nodeIndex(), task.taskName());
  }

  /**
   * Hands a claim whose body has not run back (shutdown): CLAIMED, or RUNNING when its claim
   * started it, to PENDING.
   */
  void handBack() {
    boolean started = task.startedAt() != null;
    String recovery =
        started ? "recovery will find it RUNNING without heartbeats" : "its lease will expire";
    try {
      int n =
          engine
              .db()
              .read(c ->
                  Sql.update(
                      c, started ? HAND_BACK_STARTED : HAND_BACK, task.id(), worker.workerId()));
      if (n == 0) { // the reaper (or a cancel) took the row first: it is theirs now
        log.info("task {} was no longer this worker's to hand back", task.id());
      }
    } catch (SQLException e) {
      log.warn("handing back task {} failed ({}); {}", task.id(), e.getMessage(), recovery);
    }
  }

  /**
   * The start transaction. A standalone task starts in a batch with its neighbours; one that the
   * batch did not start (expired, lease or ownership lost) goes through the one-task transaction,
   * which tells those cases apart, and so does every task of a batch that failed for a reason other
   * than a transient one, so that one bad row costs only itself.
   */
  Start start() throws SQLException {
    if (task.startedAt() != null) {
      startedAt = task.startedAt(); // started by its claim
      return Start.STARTED;
    }
    if (task.workflowId() != null) {
      try {
        WorkflowBatches.Started s = worker.workflowBatches().start(task);
        if (s.handedBack()) {
          return Start.HANDED_BACK;
        }
        if (s.abandoned()) {
          return Start.ABANDONED;
        }
        if (s.at() != null) {
          startedAt = s.at();
          return Start.STARTED;
        }
      } catch (SQLException | RuntimeException e) {
        if (Transients.isTransient(e)) {
          throw e;
        }
        log.warn("batched workflow start failed ({}); starting task {} alone", e, task.id());
      }
    }
    if (task.workflowId() == null) {
      try {
        Instant at = worker.batches().start(task);
        if (at != null) {
          startedAt = at;
          return Start.STARTED;
        }
      } catch (SQLException | RuntimeException e) {
        if (Transients.isTransient(e)) {
          throw e;
        }
        log.warn("batched start failed ({}); starting task {} alone", e, task.id());
      }
    }
    return engine
        .db()
        .txRetrying(
            3,
            c -> {
              if (task.workflowId() != null) {
                String wf =
                    Sql.one(c, WORKFLOW_STATUS_SHARE, rs -> rs.getString(1), task.workflowId())
                        .orElse("MISSING");
                if (wf.equals("PAUSED")) {
                  Sql.update(c, HAND_BACK, task.id(), worker.workerId());
                  return Start.HANDED_BACK;
                }
                if (!wf.equals("RUNNING")) {
                  return Start.ABANDONED;
                }
              }
              Optional<Instant> started =
                  Sql.one(
                      c, START, rs -> Sql.instant(rs, "started_at"), task.id(), worker.workerId());
              if (started.isEmpty()) {
                if (Sql.one(c, CLAIMED_EXPIRED, rs -> 1, task.id(), worker.workerId())
                    .isPresent()) {
                  TaskResult<Object> expired =
                      Outcomes.builtIn(
                          BuiltInCode.TASK_EXPIRED,
                          "goodUntil passed before task '" + task.id() + "' started");
                  finish(c, "CLAIMED", expired, TaskResultJson.write(expired), null);
                  return Start.EXPIRED;
                }
                return Start.ABANDONED;
              }
              startedAt = started.get();
              if (task.workflowId() != null) {
                Sql.update(c, NODE_RUNNING, task.workflowId(), task.nodeIndex());
              }
              return Start.STARTED;
            });
  }

  /** Runs the body and returns its checked result. */
  TaskResult<?> runBody() {
    RegisteredTask<?, ?> registered = engine.registry().get(task.taskName());
    if (registered == null) {
      return Outcomes.builtIn(
          BuiltInCode.WORKER_RESOLUTION_ERROR,
          "task '" + task.taskName() + "' is not registered in worker " + worker.workerId());
    }
    Object input;
    try {
      JsonNode stored = Json.parse(task.inputs());
      WorkflowContext ctx = null;
      JsonNode ctxNode = stored.get(InputCodec.CONTEXT_KEY);
      if (ctxNode != null && !ctxNode.isNull()) {
        ctx = ContextImpl.decode(ctxNode, engine.registry());
      }
      input = InputCodec.decode(registered.shape(), stored, ctx, meta());
    } catch (Exception e) {
      return Outcomes.builtIn(
          BuiltInCode.WORKER_SERIALIZATION_ERROR,
          "inputs of task '" + task.id() + "' cannot be decoded: " + e.getMessage());
    }
    return registered.execute(input, this);
  }

  /** Encodes the result, folding unencodable and oversized results into an error. */
  String encode(TaskResult<?> result, TaskResult<?>[] effective) {
    String text;
    try {
      text = TaskResultJson.write(result);
    } catch (RuntimeException e) {
      TaskResult<Object> err =
          Outcomes.builtIn(
              BuiltInCode.WORKER_SERIALIZATION_ERROR,
              "result of task '" + task.id() + "' cannot be serialized: " + e.getMessage());
      effective[0] = err;
      return TaskResultJson.write(err);
    }
    String problem = Ids.payloadProblem("result", text, engine.config().payloadLimitBytes());
    if (problem != null) {
      TaskResult<Object> err = Outcomes.builtIn(BuiltInCode.WORKER_SERIALIZATION_ERROR, problem);
      effective[0] = err;
      return TaskResultJson.write(err);
    }
    effective[0] = result;
    return text;
  }

  /** The finalize transaction, repeated on transient database failures until {@code deadline}. */
  void finalizeResult(TaskResult<?> body, long deadlineNanos) {
    TaskResult<?>[] effective = new TaskResult<?>[1];
    String text = encode(body, effective);
    TaskResult<?> result = effective[0];
    long backoff = 100;
    while (true) {
      try {
        record(result, text);
        return;
      } catch (SQLException | RuntimeException e) {
        if (!Transients.isTransient(e) || System.nanoTime() > deadlineNanos) {
          log.error(
              "recording the result of task {} failed; recovery will handle it", task.id(), e);
          return;
        }
        log.warn(
            "recording the result of task {} failed ({}); retrying in {} ms",
            task.id(),
            e.getMessage(),
            backoff);
        TaskSleep.sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }

  /**
   * Records the result: a standalone task in a batch with its neighbours; should that batch fail
   * for a reason other than a transient one, this task alone, so that one bad row costs only
   * itself.
   */
  private void record(TaskResult<?> result, String text) throws SQLException {
    if (task.workflowId() == null) {
      try {
        worker.batches().finish(task, result, text);
        return;
      } catch (SQLException | RuntimeException e) {
        if (Transients.isTransient(e)) {
          throw e;
        }
        log.warn("batched finalize failed ({}); recording task {} alone", e, task.id());
      }
    }
    if (task.workflowId() != null) {
      try {
        worker.workflowBatches().finish(this, result, text);
        return;
      } catch (SQLException | RuntimeException e) {
        if (Transients.isTransient(e)) {
          throw e;
        }
        log.warn("batched workflow finalize failed ({}); recording task {} alone", e, task.id());
      }
    }
    // a workflow task's finalize may claim the dependents it makes ready (local hand-off)
    worker.inHandOffTransaction(
        task.workflowId() != null, (c, handOff) -> finalizeIn(c, result, text, handOff));
  }

  /** The task row as locked by its finalize. */
  private record Locked(
      int retryCount,
      @Nullable Instant goodUntil,
      @Nullable String policy,
      @Nullable String wf,
      @Nullable Integer node,
      @Nullable Instant startedAt) {}

  /** Locks the row if it is still RUNNING under this worker; empty (and logged) otherwise. */
  private Optional<Locked> lockRunning(Connection c) throws SQLException {
    Optional<Locked> row =
        Sql.one(
            c,
            LOCK_RUNNING,
            rs ->
                new Locked(
                    rs.getInt(1),
                    Sql.instant(rs, "good_until"),
                    rs.getString(3),
                    rs.getString(4),
                    Sql.intOrNull(rs, "node_index"),
                    Sql.instant(rs, "started_at")),
            task.id(),
            worker.workerId());
    if (row.isEmpty()) {
      log.info("task {} is no longer RUNNING under this worker; its result is dropped", task.id());
    }
    return row;
  }

  /**
   * Records a failed attempt and schedules a retry if the policy wants one; a success is recorded
   * by its row's completion alone (migration V6, view {@code gallop_attempts}).
   *
   * @return true if retried
   */
  private boolean scheduleRetryOrAttempt(Connection c, Locked l, TaskResult<?> result)
      throws SQLException {
    if (result.isOk()) {
      return false;
    }
    ErrorCode code = result.errValue().errorCode();
    Duration delay =
        Retries.delay(
            c, RetryPolicyJson.read(l.policy()), l.retryCount(), code, l.goodUntil(), l.wf());
    Sql.update(
        c,
        ATTEMPT,
        task.id(),
        l.retryCount() + 1,
        "FAILED",
        delay != null,
        l.startedAt() == null ? startedAt : l.startedAt(),
        code.name(),
        result.errValue().message(),
        worker.workerId());
    if (delay != null) {
      Retries.schedule(c, task.id(), delay);
      return true;
    }
    return false;
  }

  private void finalizeIn(
      Connection c, TaskResult<?> result, String text, @Nullable LocalHandOff handOff)
      throws SQLException {
    Optional<Locked> row = lockRunning(c);
    if (row.isEmpty() || scheduleRetryOrAttempt(c, row.get(), result)) {
      return;
    }
    finish(c, "RUNNING", result, text, handOff);
  }

  private void finish(
      Connection c, String from, TaskResult<?> result, String text, @Nullable HandOff handOff)
      throws SQLException {
    String to =
        from.equals("CLAIMED") && result.hasCode(BuiltInCode.TASK_EXPIRED)
            ? "EXPIRED"
            : result.isOk() ? "COMPLETED" : "FAILED";
    finishRow(
        engine,
        c,
        task.id(),
        from,
        to,
        result,
        text,
        task.workflowId(),
        task.nodeIndex(),
        task.queue(),
        handOff);
  }

  /**
   * Records a final outcome on a task row, guarded by its current status {@code from}, and advances
   * its workflow in the same transaction. Shared by workers and the reaper.
   *
   * @return false if the row was no longer in {@code from} (another actor won)
   */
  static boolean finishRow(
      Engine engine,
      Connection c,
      String taskId,
      String from,
      String to,
      TaskResult<?> result,
      String text,
      @Nullable String workflowId,
      @Nullable Integer nodeIndex,
      String queue,
      @Nullable HandOff handOff)
      throws SQLException {
    if (!finishTaskRow(c, taskId, from, to, result, text)) {
      return false;
    }
    if (workflowId != null && nodeIndex != null) {
      engine.workflows().onTaskFinal(c, workflowId, nodeIndex, result.isOk(), text, handOff);
    }
    notifyDone(engine, c, taskId, queue);
    return true;
  }

  /** The guarded final update of a task row; false if it was no longer in {@code from}. */
  private static boolean finishTaskRow(
      Connection c, String taskId, String from, String to, TaskResult<?> result, String text)
      throws SQLException {
    ErrorCode code = result.isErr() ? result.errValue().errorCode() : null;
    return Sql.update(
            c,
            FINISH,
            to,
            text,
            code == null ? null : code.name(),
            result.isErr() ? result.errValue().message() : null,
            taskId,
            from)
        > 0;
  }

  private static void notifyDone(Engine engine, Connection c, String taskId, String queue)
      throws SQLException {
    Notifications.tasksDone(c, List.of(taskId));
    if (engine.config().capped(queue)) {
      Sql.notify(c, Notifications.TASK_NEW, queue);
    }
  }

  /**
   * In a workflow batch's transaction: records this task's failed attempt and, unless it is
   * retried, its final status, guarded as in {@link #finalizeIn}, without advancing the workflow;
   * returns the node's outcome for the batch's one advancement, or empty when there is none (retry
   * scheduled, or the row no longer this worker's).
   */
  Optional<WorkflowEngine.NodeOutcome> finalizeForBatch(
      Connection c, TaskResult<?> result, String text) throws SQLException {
    Optional<Locked> row = lockRunning(c);
    if (row.isEmpty() || scheduleRetryOrAttempt(c, row.get(), result)) {
      return Optional.empty();
    }
    String to = result.isOk() ? "COMPLETED" : "FAILED";
    if (!finishTaskRow(c, task.id(), "RUNNING", to, result, text)) {
      return Optional.empty();
    }
    notifyDone(engine, c, task.id(), task.queue());
    return Optional.of(new WorkflowEngine.NodeOutcome(task.nodeIndex(), result.isOk(), text));
  }
}
