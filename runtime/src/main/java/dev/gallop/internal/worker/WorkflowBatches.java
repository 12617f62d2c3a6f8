package dev.gallop.internal.worker;

import dev.gallop.internal.db.Sql;
import dev.gallop.internal.engine.Engine;
import dev.gallop.internal.workflow.WorkflowEngine;
import dev.gallop.task.TaskResult;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Finalizes of this worker's workflow tasks, combined per workflow (amortized advancement,
 * storage.md §3 (b)): while one finalize holds a workflow's lock, the completions of the same
 * workflow that arrive meanwhile queue up, and the next holder records them all in one transaction
 * with one lock of the tree's root, one advancement (one load and one save of the workflow row),
 * one local hand-off and one commit. Each task row is still guarded on its own ({@code status =
 * 'RUNNING' and claimed_by = this worker}) and locked before the root, as in the one-task path
 * (docs/concurrency.md): the successes by one statement ({@link CompletedRows}), then the failures
 * in id order. A batch that fails for a non-transient reason makes each task record itself alone.
 * Starts are combined the same way, under a share lock of the workflow row. Thread-safe.
 */
final class WorkflowBatches {
  private static final int MAX_BATCH = 32;

  /** A finished body to record. */
  private record Finish(TaskExecution execution, TaskResult<?> result, String text) {}

  /**
   * How a batched start ended for one task: started at {@code at}; or {@code handedBack} (the
   * workflow is PAUSED); or {@code abandoned} (it is not RUNNING); or none of these, when the batch
   * did not start the row (expired, lease or ownership lost): the one-task start tells those apart.
   */
  record Started(@Nullable Instant at, boolean handedBack, boolean abandoned) {
    static final Started NOT_STARTED = new Started(null, false, false);
  }

  /**
   * The finalize's statements take their cached generic plans. Without this, those that take arrays
   * of node indexes or rows (the dependents' counters, the enqueue) were planned anew on every
   * execution: a parameter array counts as 10 elements in a generic plan and as its real length
   * (mostly one) in a custom one, so the custom plan always looked cheaper (0.1–0.3 ms of planning
   * each, pg_stat_statements). The generic plans are index lookups by key, right for any length.
   */
  private static final String GENERIC_PLANS = "set local plan_cache_mode = force_generic_plan";

  private static final String WORKFLOW_STATUS_SHARE =
      "select status from gallop_workflows where id = ? for share";
  private static final String HAND_BACK_MANY =
      """
      update gallop_tasks set status = 'PENDING', claimed_by = null, claim_expires_at = null,
             claimer_heartbeat_at = null, updated_at = now()
       where id = any(?) and status = 'CLAIMED' and claimed_by = ?
      """;
  private static final String NODES_RUNNING =
      """
      update gallop_workflow_nodes set status = 'RUNNING', started_at = coalesce(started_at, now())
       where workflow_id = ? and node_index = any(?) and status in ('ENQUEUED', 'RUNNING')
      """;

  private final ConcurrentHashMap<String, Combiner<ClaimedTask, Started>> starts =
      new ConcurrentHashMap<>();

  private final Engine engine;
  private final WorkerImpl worker;
  private final ConcurrentHashMap<String, Combiner<Finish, Boolean>> byWorkflow =
      new ConcurrentHashMap<>();

  WorkflowBatches(Engine engine, WorkerImpl worker) {
    this.engine = engine;
    this.worker = worker;
  }

  /**
   * Starts a workflow task with its workflow's other tasks starting now: one share lock of the
   * workflow row (PAUSED hands them all back, not RUNNING abandons them), one guarded set-based
   * start of the rows and one of their nodes, one commit.
   *
   * @throws SQLException what the batch's transaction threw (transient: the caller retries)
   */
  Started start(ClaimedTask task) throws SQLException {
    return submit(
        starts,
        task.workflowId(),
        id -> new Combiner<>(MAX_BATCH, batch -> startAll(id, batch)),
        task);
  }

  private List<Started> startAll(String workflowId, List<ClaimedTask> batch) throws SQLException {
    return engine
        .db()
        .txRetrying(
            3,
            c -> {
              String wf =
                  Sql.one(c, WORKFLOW_STATUS_SHARE, rs -> rs.getString(1), workflowId)
                      .orElse("MISSING");
              String[] ids = batch.stream().map(ClaimedTask::id).sorted().toArray(String[]::new);
              if (!wf.equals("RUNNING")) {
                boolean paused = wf.equals("PAUSED");
                if (paused) {
                  Sql.update(c, HAND_BACK_MANY, ids, worker.workerId());
                }
                Started s = new Started(null, paused, !paused);
                return batch.stream().map(t -> s).toList();
              }
              Map<String, Instant> started = new HashMap<>();
              Sql.query(
                  c,
                  StandaloneBatches.START_MANY,
                  rs -> started.put(rs.getString(1), Sql.instant(rs, "started_at")),
                  ids,
                  worker.workerId());
              Integer[] nodes =
                  batch.stream()
                      .filter(t -> started.containsKey(t.id()))
                      .map(ClaimedTask::nodeIndex)
                      .toArray(Integer[]::new);
              if (nodes.length > 0) {
                Sql.update(c, NODES_RUNNING, workflowId, nodes);
              }
              return batch.stream()
                  .map(t ->
                      started.containsKey(t.id())
                          ? new Started(started.get(t.id()), false, false)
                          : Started.NOT_STARTED)
                  .toList();
            });
  }

  /**
   * Records a workflow task's outcome with those of its workflow's other tasks finishing now.
   *
   * @throws SQLException what the batch's transaction threw (transient: the caller retries)
   */
  void finish(TaskExecution execution, TaskResult<?> result, String text) throws SQLException {
    submit(
        byWorkflow,
        execution.task().workflowId(),
        id -> new Combiner<>(MAX_BATCH, batch -> finishAll(id, batch)),
        new Finish(execution, result, text));
  }

  /** Serves {@code request} by its workflow's combiner, created on demand, dropped when idle. */
  private static <Q, A> A submit(
      ConcurrentHashMap<String, Combiner<Q, A>> combiners,
      String workflowId,
      java.util.function.Function<String, Combiner<Q, A>> create,
      Q request)
      throws SQLException {
    Combiner<Q, A> combiner = combiners.computeIfAbsent(workflowId, create);
    try {
      return combiner.submit(request);
    } catch (SQLException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new SQLException(e);
    } finally {
      // an idle combiner is dropped; a request racing with the removal is still served by it
      if (combiner.idle()) {
        combiners.remove(workflowId, combiner);
      }
    }
  }

  private List<Boolean> finishAll(String workflowId, List<Finish> batch) throws SQLException {
    List<Finish> ordered = new ArrayList<>(batch);
    // successes in one statement (ids sorted), then failures one by one in id order
    ordered.sort(Comparator.comparing(f -> f.execution().task().id()));
    worker.inHandOffTransaction(
        true,
        (c, handOff) -> {
          Sql.execute(c, GENERIC_PLANS);
          List<WorkflowEngine.NodeOutcome> outcomes = new ArrayList<>();
          List<Finish> ok = ordered.stream().filter(f -> f.result().isOk()).toList();
          if (!ok.isEmpty()) {
            Set<String> done =
                CompletedRows.complete(
                    c,
                    engine.config(),
                    worker.workerId(),
                    ok.stream().map(f -> f.execution().task()).toList(),
                    ok.stream().map(Finish::text).toList());
            for (Finish f : ok) {
              if (done.contains(f.execution().task().id())) {
                outcomes.add(
                    new WorkflowEngine.NodeOutcome(
                        f.execution().task().nodeIndex(), true, f.text()));
              }
            }
          }
          for (Finish f : ordered) {
            if (!f.result().isOk()) {
              f.execution().finalizeForBatch(c, f.result(), f.text()).ifPresent(outcomes::add);
            }
          }
          if (!outcomes.isEmpty()) {
            engine.workflows().onTasksFinal(c, workflowId, outcomes, handOff);
          }
        });
    List<Boolean> answers = new ArrayList<>();
    batch.forEach(f -> answers.add(Boolean.TRUE));
    return answers;
  }
}
