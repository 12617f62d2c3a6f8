package dev.gallop.internal.workflow;

import dev.gallop.error.WorkflowHandleException;
import dev.gallop.error.WorkflowStartException;
import dev.gallop.internal.db.Sql;
import dev.gallop.internal.db.Transients;
import dev.gallop.internal.engine.Engine;
import dev.gallop.internal.engine.Ids;
import dev.gallop.internal.engine.Notifications;
import dev.gallop.internal.engine.Outcomes;
import dev.gallop.internal.json.TaskResultJson;
import dev.gallop.task.BuiltInCode;
import dev.gallop.task.TaskResult;
import dev.gallop.workflow.WorkflowHandle;
import dev.gallop.workflow.WorkflowSpec;
import dev.gallop.workflow.WorkflowStatus;
import java.lang.reflect.Type;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workflow operations of one engine: building specs, starting, advancing after task outcomes,
 * pause/resume/cancel and recovery's reconciliation. Every state change runs in one transaction
 * holding the workflow tree's lock and is guarded in SQL.
 */
public final class WorkflowEngine {
  private static final Logger log = LoggerFactory.getLogger(WorkflowEngine.class);

  private static final String INSERT_WORKFLOW = """
      insert into gallop_workflows (id, name, definition_key, status, on_error, output_index, success_policy,
                                    required_union, root_workflow_id, node_count)
      values (?, ?, ?, 'RUNNING', ?, ?, ?, ?, ?, ?)
      on conflict (id) do nothing
      returning id
      """;
  private static final String NAME_OF = "select name from gallop_workflows where id = ?";
  private static final String INSERT_NODES = """
      insert into gallop_workflow_nodes (workflow_id, node_index, node_id, kind, task_name, static_inputs, args_from,
             ctx_from, queue_name, priority, good_until, retry_policy, dependencies, dependents, is_sink, join_type,
             min_success, allow_failed_deps, ctx_open, status)
      select ?, u.idx, u.nid, u.kind, u.tname, u.sin, u.af, u.ctx::int[], u.q, u.pri, u.gu::timestamptz, u.rp,
             u.deps::int[], u.dents::int[], u.sink, u.jt, u.ms, u.afd, cardinality(u.ctx::int[]), u.st
        from unnest(?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[],
                    ?::text[], ?::text[], ?::text[], ?::text[], ?::bool[], ?::text[], ?::int[], ?::bool[], ?::text[])
          as u(idx, nid, kind, tname, sin, af, ctx, q, pri, gu, rp, deps, dents, sink, jt, ms, afd, st)
      """;
  private static final String PENDING_NODES = """
      select node_index from gallop_workflow_nodes where workflow_id = ? and status = 'PENDING'
      """;
  private static final String READY_TASK_NODES = """
      select node_index from gallop_workflow_nodes where workflow_id = ? and status = 'READY' and kind = 'TASK'
      """;
  private static final String WAITING_QUEUES = """
      select distinct queue_name from gallop_tasks where workflow_id = ? and status = 'PENDING'
      """;
  private static final String CANCEL_NODES = """
      update gallop_workflow_nodes set status = 'SKIPPED' where workflow_id = ? and status in ('PENDING', 'READY')
      """;
  private static final String CANCEL_TASKS = """
      update gallop_tasks set status = 'CANCELLED', claimed_by = null, claim_expires_at = null, completed_at = now(),
             result = ?, error_code = 'TASK_CANCELLED', failed_reason = 'workflow cancelled', updated_at = now()
       where workflow_id = ? and status in ('PENDING', 'CLAIMED')
      returning id, node_index
      """;
  private static final String SKIP_CANCELLED_NODES = """
      update gallop_workflow_nodes set status = 'SKIPPED'
       where workflow_id = ? and node_index = any(?) and status in ('ENQUEUED', 'RUNNING')
      """;
  private static final String STATUS = "select status from gallop_workflows where id = ?";

  private final Engine engine;

  public WorkflowEngine(Engine engine) {
    this.engine = engine;
  }

  Engine engine() {
    return engine;
  }

  public WorkflowSpec.Builder<Map<String, TaskResult<?>>> builder(String name) {
    return new SpecBuilderImpl<>(this, name);
  }

  public <T> WorkflowHandle<T> handle(String id, @Nullable Type outputType) {
    return new WorkflowHandleImpl<>(engine, id, outputType);
  }

  // ---------------------------------------------------------------- start

  <T> WorkflowHandle<T> start(SpecImpl<T> spec, @Nullable String requestedId) {
    String id = requestedId == null ? Ids.random() : requestedId;
    String problem = Ids.problem("workflow", requestedId == null ? id : requestedId);
    if (problem != null) {
      throw new WorkflowStartException(WorkflowStartException.Code.VALIDATION_FAILED, problem, false, spec.name(), id, null);
    }
    if (engine.isClosed()) {
      throw new WorkflowStartException(WorkflowStartException.Code.BROKER_NOT_CONFIGURED,
          "the engine that built workflow '" + spec.name() + "' is closed", false, spec.name(), id, null);
    }
    int attempts = engine.config().resendOnTransientError() ? 4 : 1;
    long backoff = 200;
    for (int i = 1; ; i++) {
      try {
        String existing = engine.db().txRetrying(3, c -> insert(c, spec, id));
        if (existing != null && !existing.equals(spec.name())) {
          throw new WorkflowStartException(WorkflowStartException.Code.VALIDATION_FAILED,
              "workflow id '" + id + "' is already used by a workflow named '" + existing + "'", false, spec.name(), id, null);
        }
        return new WorkflowHandleImpl<>(engine, id, spec.outputType());
      } catch (SQLException e) {
        boolean transientFailure = Transients.isTransient(e);
        if (transientFailure && i < attempts) {
          sleep(backoff);
          backoff = Math.min(backoff * 2, 2000);
          continue;
        }
        throw new WorkflowStartException(WorkflowStartException.Code.ENQUEUE_FAILED,
            "starting workflow '" + spec.name() + "' (" + id + ") failed: " + e.getMessage(), transientFailure,
            spec.name(), id, e);
      } catch (WorkflowStartException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new WorkflowStartException(WorkflowStartException.Code.INTERNAL_FAILED,
            "starting workflow '" + spec.name() + "' (" + id + ") failed: " + e, false, spec.name(), id, e);
      }
    }
  }

  /** Inserts the workflow and its nodes and enqueues the roots; returns the existing name on conflict. */
  private @Nullable String insert(Connection c, SpecImpl<?> spec, String id) throws SQLException {
    List<CompiledNode> nodes = spec.compiled();
    Optional<String> inserted = Sql.one(c, INSERT_WORKFLOW, rs -> rs.getString(1), id, spec.name(),
        spec.definitionKey().orElse(null), spec.onError().name(), spec.outputIndex(), spec.policyJson(),
        spec.requiredUnion(), id, nodes.size());
    if (inserted.isEmpty()) {
      return Sql.one(c, NAME_OF, rs -> rs.getString(1), id).orElse(spec.name());
    }
    int n = nodes.size();
    Integer[] idx = new Integer[n];
    String[] nid = new String[n], kind = new String[n], tname = new String[n], sin = new String[n], af = new String[n],
        ctx = new String[n], q = new String[n], gu = new String[n], rp = new String[n], deps = new String[n],
        dents = new String[n], jt = new String[n], st = new String[n];
    Integer[] pri = new Integer[n], ms = new Integer[n];
    Boolean[] sink = new Boolean[n], afd = new Boolean[n];
    List<Integer> roots = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      CompiledNode cn = nodes.get(i);
      idx[i] = cn.index();
      nid[i] = cn.nodeId();
      kind[i] = cn.kind();
      tname[i] = cn.taskName();
      sin[i] = cn.staticInputs();
      af[i] = dev.gallop.internal.json.Json.tree(cn.argsFrom()).toString();
      ctx[i] = pgArray(cn.ctxFrom());
      q[i] = cn.queue();
      pri[i] = cn.priority();
      gu[i] = cn.goodUntil() == null ? null : cn.goodUntil().toString();
      rp[i] = cn.retryPolicy();
      deps[i] = pgArray(cn.dependencies());
      dents[i] = pgArray(cn.dependents());
      sink[i] = cn.sink();
      jt[i] = cn.joinType();
      ms[i] = cn.minSuccess();
      afd[i] = cn.allowFailedDeps();
      boolean root = cn.dependencies().length == 0;
      st[i] = root ? "READY" : "PENDING";
      if (root) {
        roots.add(i);
      }
    }
    Sql.update(c, INSERT_NODES, id, idx, nid, kind, tname, sin, af, ctx, q, pri, gu, rp, deps, dents, sink, jt, ms, afd, st);
    Advancement adv = Advancement.lock(this, c, id).orElseThrow();
    adv.enqueueLater(roots);
    adv.run();
    adv.finish();
    return null;
  }

  private static String pgArray(int[] a) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < a.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(a[i]);
    }
    return b.append('}').toString();
  }

  // ---------------------------------------------------------------- advancing

  /**
   * Records a workflow task's final outcome on its node and advances the workflow, in the caller's
   * transaction (which already holds the task row's lock).
   */
  public void onTaskFinal(Connection c, String workflowId, int nodeIndex, boolean ok, String resultText) throws SQLException {
    Optional<Advancement> adv = Advancement.lock(this, c, workflowId);
    if (adv.isEmpty()) {
      log.warn("task of node {} finished for workflow {}, which no longer exists", nodeIndex, workflowId);
      return;
    }
    adv.get().nodeTerminal(nodeIndex, ok ? "COMPLETED" : "FAILED", resultText);
    adv.get().run();
    adv.get().finish();
  }

  // ---------------------------------------------------------------- control

  boolean pause(String id) {
    return control(id, adv -> {
      if (adv.wf.status != WorkflowStatus.RUNNING) {
        return false;
      }
      adv.wf.status = WorkflowStatus.PAUSED;
      adv.finish();
      return true;
    });
  }

  boolean resume(String id) {
    return control(id, adv -> {
      if (adv.wf.status != WorkflowStatus.PAUSED) {
        return false;
      }
      Connection c = adv.connection();
      adv.wf.status = WorkflowStatus.RUNNING;
      adv.wf.error = null;
      int[] pending = Sql.query(c, PENDING_NODES, rs -> rs.getInt(1), id).stream().mapToInt(Integer::intValue).toArray();
      adv.evaluatePending(pending);
      adv.enqueueLater(Sql.query(c, READY_TASK_NODES, rs -> rs.getInt(1), id));
      adv.run();
      adv.finish();
      for (String q : Sql.query(c, WAITING_QUEUES, rs -> rs.getString(1), id)) {
        Sql.notify(c, Notifications.TASK_NEW, q);
      }
      return true;
    });
  }

  void cancel(String id) {
    control(id, adv -> {
      if (adv.wf.status.isTerminal()) {
        return false;
      }
      Connection c = adv.connection();
      adv.wf.status = WorkflowStatus.CANCELLED;
      adv.wf.completedNow = true;
      int skipped = Sql.update(c, CANCEL_NODES, id);
      String cancelled = TaskResultJson.write(Outcomes.builtIn(BuiltInCode.TASK_CANCELLED, "workflow " + id + " was cancelled"));
      List<Map.Entry<String, Integer>> tasks = Sql.query(c, CANCEL_TASKS,
          rs -> Map.entry(rs.getString(1), rs.getInt(2)), cancelled, id);
      if (!tasks.isEmpty()) {
        skipped += Sql.update(c, SKIP_CANCELLED_NODES, id, tasks.stream().mapToInt(Map.Entry::getValue).toArray());
      }
      adv.wf.terminal += skipped;
      adv.finish();
      for (var t : tasks) {
        Sql.notify(c, Notifications.TASK_DONE, t.getKey());
      }
      return true;
    });
  }

  private interface Control {
    boolean apply(Advancement adv) throws SQLException;
  }

  private boolean control(String id, Control op) {
    try {
      return engine.db().txRetrying(5, c -> {
        Advancement adv = Advancement.lock(this, c, id).orElseThrow(() -> notFound(id));
        return op.apply(adv);
      });
    } catch (SQLException e) {
      throw new WorkflowHandleException(WorkflowHandleException.Code.DB_OPERATION_FAILED,
          "operation on workflow '" + id + "' failed: " + e.getMessage(), Transients.isTransient(e), id, e);
    }
  }

  static WorkflowHandleException notFound(String id) {
    return new WorkflowHandleException(WorkflowHandleException.Code.WORKFLOW_NOT_FOUND,
        "no workflow with id '" + id + "'", false, id, null);
  }

  Optional<WorkflowStatus> status(Connection c, String id) throws SQLException {
    return Sql.one(c, STATUS, rs -> WorkflowStatus.valueOf(rs.getString(1)), id);
  }

  // ---------------------------------------------------------------- recovery

  /** Workflow reconciliation (tasks-and-workers §7.4); returns how many repairs it made. */
  public int reconcile(int batch) throws SQLException {
    return new Reconciler(this).run(batch);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
