package dev.gallop.internal.workflow;

import dev.gallop.error.WorkflowHandleException;
import dev.gallop.error.WorkflowStartException;
import dev.gallop.internal.db.Db;
import dev.gallop.internal.db.Sql;
import dev.gallop.internal.db.Statistics;
import dev.gallop.internal.db.Transients;
import dev.gallop.internal.engine.Engine;
import dev.gallop.internal.engine.Ids;
import dev.gallop.internal.engine.InputCodec;
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

  private static final String INSERT_WORKFLOW =
      """
      insert into gallop_workflows (id, name, definition_key, status, on_error, output_index, success_policy,
                                    required_union, root_workflow_id, node_count, parent_workflow_id,
                                    parent_node_index, depth)
      values (?, ?, ?, 'RUNNING', ?, ?, ?, ?, ?, ?, ?, ?, ?)
      on conflict (id) do nothing
      returning id
      """;
  private static final String NAME_OF = "select name from gallop_workflows where id = ?";
  private static final String INSERT_NODES =
      """
      insert into gallop_workflow_nodes (workflow_id, node_index, node_id, kind, task_name, static_inputs, args_from,
             ctx_from, queue_name, priority, good_until, retry_policy, dependencies, dependents, is_sink, join_type,
             min_success, allow_failed_deps, ctx_open, status, definition_key)
      select ?, u.idx, u.nid, u.kind, u.tname, u.sin, u.af, u.ctx::int[], u.q, u.pri, u.gu::timestamptz, u.rp,
             u.deps::int[], u.dents::int[], u.sink, u.jt, u.ms, u.afd, cardinality(u.ctx::int[]), u.st, u.dk
        from unnest(?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[],
                    ?::text[], ?::text[], ?::text[], ?::text[], ?::bool[], ?::text[], ?::int[], ?::bool[], ?::text[],
                    ?::text[])
          as u(idx, nid, kind, tname, sin, af, ctx, q, pri, gu, rp, deps, dents, sink, jt, ms, afd, st, dk)
      """;
  private static final String PENDING_NODES =
      """
      select node_index from gallop_workflow_nodes where workflow_id = ? and status = 'PENDING'
      """;
  private static final String READY_NODES =
      """
      select node_index from gallop_workflow_nodes
       where workflow_id = ? and status = 'READY' and task_id is null and sub_workflow_id is null
      """;
  private static final String DESCENDANTS =
      """
      with recursive d as (
        select id, depth from gallop_workflows where parent_workflow_id = ?
        union all
        select w.id, w.depth from gallop_workflows w join d on w.parent_workflow_id = d.id)
      select d.id from d join gallop_workflows w on w.id = d.id where w.status = any(?) order by d.depth, d.id
      """;
  private static final String ANCESTOR_KEYS =
      """
      with recursive a as (
        select id, parent_workflow_id, definition_key from gallop_workflows where id = ?
        union all
        select w.id, w.parent_workflow_id, w.definition_key from gallop_workflows w join a on w.id = a.parent_workflow_id)
      select definition_key from a where definition_key is not null
      """;
  private static final String CHILD_STARTED =
      """
      update gallop_workflow_nodes set status = 'RUNNING', sub_workflow_id = ?, started_at = now()
       where workflow_id = ? and node_index = ? and status in ('PENDING', 'READY')
      """;
  private static final String LEAVE_READY =
      """
      update gallop_workflow_nodes set status = 'READY'
       where workflow_id = ? and node_index = ? and status in ('PENDING', 'READY')
      """;
  private static final String WAITING_QUEUES =
      """
      select distinct queue_name from gallop_tasks where workflow_id = ? and status = 'PENDING'
      """;
  private static final String CANCEL_NODES =
      """
      update gallop_workflow_nodes set status = 'SKIPPED' where workflow_id = ? and status in ('PENDING', 'READY')
      """;
  private static final String CANCEL_TASKS =
      """
      update gallop_tasks set status = 'CANCELLED', claimed_by = null, claim_expires_at = null, completed_at = now(),
             result = ?, error_code = 'TASK_CANCELLED', failed_reason = 'workflow cancelled', updated_at = now()
       where workflow_id = ? and status in ('PENDING', 'CLAIMED')
      returning id, node_index
      """;
  private static final String SKIP_CANCELLED_NODES =
      """
      update gallop_workflow_nodes set status = 'SKIPPED'
       where workflow_id = ? and node_index = any(?) and status in ('ENQUEUED', 'RUNNING')
      """;
  private static final String STATUS = "select status from gallop_workflows where id = ?";

  private final Engine engine;
  private final java.util.concurrent.ConcurrentMap<
          String, dev.gallop.workflow.WorkflowDefinition<?, ?>>
      definitions = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.Set<Object> builtSpecs =
      java.util.Collections.synchronizedSet(
          java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

  public WorkflowEngine(Engine engine) {
    this.engine = engine;
  }

  /** Registers a definition. @throws dev.gallop.error.ConfigurationException GALLOP-016 or 017 */
  public void register(dev.gallop.workflow.WorkflowDefinition<?, ?> def) {
    String key = def.definitionKey();
    if (key == null || key.isBlank()) {
      throw dev.gallop.error.ConfigurationException.of(
          16, "workflow definition '" + def.name() + "' has no definitionKey");
    }
    if (definitions.putIfAbsent(key, def) != null) {
      throw dev.gallop.error.ConfigurationException.of(
          17, "a workflow definition with key '" + key + "' is already registered");
    }
  }

  /** Registers a definition and its declared children that are not registered as themselves. */
  public void registerTree(dev.gallop.workflow.WorkflowDefinition<?, ?> def) {
    if (definitions.get(def.definitionKey()) != def) {
      register(def);
    }
    for (dev.gallop.workflow.WorkflowDefinition<?, ?> child : def.children()) {
      registerTree(child);
    }
  }

  public java.util.Collection<dev.gallop.workflow.WorkflowDefinition<?, ?>> definitions() {
    return definitions.values();
  }

  /**
   * Checks every registered definition without starting anything (errors.md 007, 027, 029 and the
   * validation problems of each built spec), all problems at once.
   */
  public List<dev.gallop.error.ValidationProblem> checkDefinitions() {
    List<dev.gallop.error.ValidationProblem> problems = new ArrayList<>();
    for (dev.gallop.workflow.WorkflowDefinition<?, ?> def : definitions.values()) {
      String where = "definition '" + def.definitionKey() + "'";
      if (def.parameterType() != null && def.sampleParameters() == null) {
        problems.add(
            dev.gallop.error.ValidationProblem.at(
                27, where, "parameterised definition has no sampleParameters to check it with"));
        continue;
      }
      try {
        specOfUnchecked(def, def.sampleParameters());
      } catch (dev.gallop.error.WorkflowValidationException e) {
        for (var p : e.problems()) {
          problems.add(
              new dev.gallop.error.ValidationProblem(
                  p.code(),
                  p.message(),
                  where + (p.location() == null ? "" : ": " + p.location()),
                  p.hint()));
        }
      } catch (Exception | LinkageError e) {
        problems.add(dev.gallop.error.ValidationProblem.at(29, where, "build failed: " + e));
      }
    }
    return problems;
  }

  /** Builds a spec from a definition, marked with its key. */
  @SuppressWarnings("unchecked")
  public <P, T> WorkflowSpec<T> specOf(
      dev.gallop.workflow.WorkflowDefinition<P, T> def, @Nullable P params) throws Exception {
    WorkflowSpec<T> spec =
        def.build(
            new dev.gallop.workflow.WorkflowFactory() {
              @Override
              public WorkflowSpec.Builder<java.util.Map<String, dev.gallop.task.TaskResult<?>>>
                  workflow(String name) {
                return builder(name).definitionKey(def.definitionKey());
              }

              @Override
              public <I, U> dev.gallop.task.Task<I, U> task(
                  dev.gallop.task.TaskDescriptor<I, U> descriptor) {
                return engine.task(descriptor);
              }
            },
            params);
    if (!(spec instanceof SpecImpl<T> impl) || impl.engine() != this) {
      throw new IllegalStateException(
          "the build of '"
              + def.definitionKey()
              + "' returned "
              + (spec == null ? "null" : "a spec of another engine")
              + ", not a spec built from its WorkflowFactory");
    }
    if (!builtSpecs.add(spec)) {
      throw new IllegalStateException(
          "the build of '"
              + def.definitionKey()
              + "' returned a spec instance it returned"
              + " before; a definition must build a new spec on every call");
    }
    return spec;
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
      throw new WorkflowStartException(
          WorkflowStartException.Code.VALIDATION_FAILED, problem, false, spec.name(), id, null);
    }
    if (engine.isClosed() || engine.isOffline()) {
      throw new WorkflowStartException(
          WorkflowStartException.Code.BROKER_NOT_CONFIGURED,
          "the engine that built workflow '"
              + spec.name()
              + "' is "
              + (engine.isClosed() ? "closed" : "offline"),
          false,
          spec.name(),
          id,
          null);
    }
    String existing;
    try {
      existing =
          Db.retryTransient(
              engine.config().resendOnTransientError() ? 3 : 0,
              () ->
                  engine
                      .db()
                      .txRetrying(
                          3,
                          c -> {
                            Optional<String> name =
                                insertWorkflow(c, spec, id, null, null, null, 0, id);
                            if (name.isPresent()) {
                              return name.get();
                            }
                            Advancement adv = Advancement.lock(this, c, id).orElseThrow();
                            adv.enqueueLater(roots(spec));
                            adv.run();
                            finishAndPropagate(adv);
                            return null;
                          }));
    } catch (SQLException e) {
      throw new WorkflowStartException(
          WorkflowStartException.Code.ENQUEUE_FAILED,
          "starting workflow '" + spec.name() + "' (" + id + ") failed: " + e.getMessage(),
          Transients.isTransient(e),
          spec.name(),
          id,
          e);
    } catch (RuntimeException e) {
      throw new WorkflowStartException(
          WorkflowStartException.Code.INTERNAL_FAILED,
          "starting workflow '" + spec.name() + "' (" + id + ") failed: " + e,
          false,
          spec.name(),
          id,
          e);
    }
    if (existing == null) {
      engine.metrics().workflowStarted(spec.name());
      Statistics.afterBulkInsert(engine.db(), "gallop_workflow_nodes", spec.compiled().size());
    } else if (!existing.equals(spec.name())) {
      throw new WorkflowStartException(
          WorkflowStartException.Code.VALIDATION_FAILED,
          "workflow id '" + id + "' is already used by a workflow named '" + existing + "'",
          false,
          spec.name(),
          id,
          null);
    }
    return new WorkflowHandleImpl<>(engine, id, spec.outputType());
  }

  private static List<Integer> roots(SpecImpl<?> spec) {
    return spec.compiled().stream()
        .filter(n -> n.dependencies().length == 0)
        .map(CompiledNode::index)
        .toList();
  }

  /**
   * Inserts a workflow and its nodes (roots READY, others PENDING). Returns the existing workflow's
   * name if the id is taken, else empty.
   */
  private Optional<String> insertWorkflow(
      Connection c,
      SpecImpl<?> spec,
      String id,
      @Nullable String definitionKey,
      @Nullable String parentId,
      @Nullable Integer parentNode,
      int depth,
      String rootId)
      throws SQLException {
    List<CompiledNode> nodes = spec.compiled();
    Optional<String> inserted =
        Sql.one(
            c,
            INSERT_WORKFLOW,
            rs -> rs.getString(1),
            id,
            spec.name(),
            definitionKey != null ? definitionKey : spec.definitionKey().orElse(null),
            spec.onError().name(),
            spec.outputIndex(),
            spec.policyJson(),
            spec.requiredUnion(),
            rootId,
            nodes.size(),
            parentId,
            parentNode,
            depth);
    if (inserted.isEmpty()) {
      return Optional.of(Sql.one(c, NAME_OF, rs -> rs.getString(1), id).orElse(spec.name()));
    }
    int n = nodes.size();
    Integer[] idx = new Integer[n];
    String[] nid = new String[n],
        kind = new String[n],
        tname = new String[n],
        sin = new String[n],
        af = new String[n],
        ctx = new String[n],
        q = new String[n],
        gu = new String[n],
        rp = new String[n],
        deps = new String[n],
        dents = new String[n],
        jt = new String[n],
        st = new String[n],
        dk = new String[n];
    Integer[] pri = new Integer[n], ms = new Integer[n];
    Boolean[] sink = new Boolean[n], afd = new Boolean[n];
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
      st[i] = cn.dependencies().length == 0 ? "READY" : "PENDING";
      dk[i] = cn.definitionKey();
    }
    Sql.update(
        c,
        INSERT_NODES,
        id,
        idx,
        nid,
        kind,
        tname,
        sin,
        af,
        ctx,
        q,
        pri,
        gu,
        rp,
        deps,
        dents,
        sink,
        jt,
        ms,
        afd,
        st,
        dk);
    return Optional.empty();
  }

  /**
   * Writes an advancement and carries a finished child's outcome up its ancestors, each parent
   * advancing in the same transaction (the whole tree is locked through its root row).
   */
  void finishAndPropagate(Advancement adv) throws SQLException {
    Optional<Advancement.Propagation> p = adv.finish();
    while (p.isPresent()) {
      Optional<Advancement> parent = Advancement.lock(this, adv.connection(), p.get().parentId());
      if (parent.isEmpty()) {
        return;
      }
      parent.get().childFinished(p.get());
      parent.get().run();
      p = parent.get().finish();
    }
  }

  /**
   * Starts the child workflow of a ready subworkflow node, inside the parent's advancement
   * (subworkflows §4). Failures end the node FAILED; a child that finishes at once is recorded on
   * the node through the parent's own event queue.
   */
  void startChild(
      Advancement parent,
      int nodeIndex,
      @Nullable String key,
      com.fasterxml.jackson.databind.node.ObjectNode inputs)
      throws SQLException {
    Connection c = parent.connection();
    String wfId = parent.wf.id;
    if (!engine.config().definitionRegistry()) {
      if (Sql.update(c, LEAVE_READY, wfId, nodeIndex) > 0) {
        Sql.notify(c, Notifications.WORKFLOW_READY, wfId);
      }
      return;
    }
    dev.gallop.workflow.WorkflowDefinition<?, ?> def = key == null ? null : definitions.get(key);
    if (def == null) {
      parent.nodeTerminal(
          nodeIndex,
          "FAILED",
          TaskResultJson.write(
              Outcomes.builtIn(
                  BuiltInCode.SUBWORKFLOW_LOAD_FAILED,
                  "workflow definition '" + key + "' is not registered in this process")));
      return;
    }
    SpecImpl<?> spec;
    try {
      if (Sql.query(c, ANCESTOR_KEYS, rs -> rs.getString(1), wfId).contains(key)) {
        throw new IllegalStateException(
            "definition '" + key + "' is already among the node's ancestors");
      }
      Object params = null;
      if (def.parameterType() != null) {
        params =
            InputCodec.decode(
                dev.gallop.internal.engine.InputShape.of(def.parameterType()), inputs, null, null);
      }
      spec = (SpecImpl<?>) specOfUnchecked(def, params);
    } catch (Exception | LinkageError e) {
      parent.nodeTerminal(
          nodeIndex,
          "FAILED",
          TaskResultJson.write(
              Outcomes.builtIn(
                  BuiltInCode.WORKFLOW_ENQUEUE_FAILED,
                  "child workflow '" + key + "' could not be built: " + e.getMessage())));
      return;
    }
    String childId = Ids.random();
    insertWorkflow(c, spec, childId, key, wfId, nodeIndex, parent.wf.depth + 1, parent.wf.rootId);
    Sql.update(c, CHILD_STARTED, childId, wfId, nodeIndex);
    engine.metrics().workflowStarted(spec.name());
    Advancement child = Advancement.lock(this, c, childId).orElseThrow();
    child.enqueueLater(roots(spec));
    child.run();
    child.finish().ifPresent(parent::childFinished);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private WorkflowSpec<?> specOfUnchecked(
      dev.gallop.workflow.WorkflowDefinition def, @Nullable Object params) throws Exception {
    return specOf(def, params);
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
  public void onTaskFinal(
      Connection c,
      String workflowId,
      int nodeIndex,
      boolean ok,
      String resultText,
      @Nullable HandOff handOff)
      throws SQLException {
    onTasksFinal(c, workflowId, List.of(new NodeOutcome(nodeIndex, ok, resultText)), handOff);
  }

  /** A workflow task's final outcome, for {@link #onTasksFinal}. */
  public record NodeOutcome(int nodeIndex, boolean ok, String resultText) {}

  /**
   * Advances a workflow over several of its tasks' final outcomes at once (amortized advancement,
   * storage.md §3 (b)): one lock of the tree's root, one load and one save of the workflow row, and
   * every outcome as an event of the same advancement, in order.
   */
  public void onTasksFinal(
      Connection c, String workflowId, List<NodeOutcome> outcomes, @Nullable HandOff handOff)
      throws SQLException {
    Optional<Advancement> adv = Advancement.lock(this, c, workflowId);
    if (adv.isEmpty()) {
      log.warn(
          "tasks of nodes {} finished for workflow {}, which no longer exists",
          outcomes.stream().map(NodeOutcome::nodeIndex).toList(),
          workflowId);
      return;
    }
    adv.get().handOff(handOff);
    for (NodeOutcome o : outcomes) {
      adv.get().nodeTerminal(o.nodeIndex(), o.ok() ? "COMPLETED" : "FAILED", o.resultText());
    }
    adv.get().run();
    finishAndPropagate(adv.get());
  }

  // ---------------------------------------------------------------- control

  boolean pause(String id) {
    return control(
        id,
        adv -> {
          boolean paused = adv.wf.status == WorkflowStatus.RUNNING;
          if (paused) {
            adv.wf.status = WorkflowStatus.PAUSED;
            adv.finish();
          }
          for (String child : descendants(adv.connection(), id, "RUNNING")) {
            Advancement d = Advancement.lock(this, adv.connection(), child).orElseThrow();
            d.wf.status = WorkflowStatus.PAUSED;
            d.finish();
          }
          return paused;
        });
  }

  boolean resume(String id) {
    return control(
        id,
        adv -> {
          Connection c = adv.connection();
          List<String> descendants = descendants(c, id, "PAUSED");
          boolean any = resumeOne(adv);
          for (String child : descendants) {
            any |= resumeOne(Advancement.lock(this, c, child).orElseThrow());
          }
          return any;
        });
  }

  /** PAUSED → RUNNING, clears the pause error, re-evaluates and finalizes if nothing is left. */
  private boolean resumeOne(Advancement adv) throws SQLException {
    if (adv.wf.status != WorkflowStatus.PAUSED) {
      return false;
    }
    Connection c = adv.connection();
    String id = adv.wf.id;
    adv.wf.status = WorkflowStatus.RUNNING;
    adv.wf.error = null;
    int[] pending =
        Sql.query(c, PENDING_NODES, rs -> rs.getInt(1), id).stream()
            .mapToInt(Integer::intValue)
            .toArray();
    adv.evaluatePending(pending);
    adv.enqueueLater(Sql.query(c, READY_NODES, rs -> rs.getInt(1), id));
    adv.run();
    finishAndPropagate(adv);
    for (String q : Sql.query(c, WAITING_QUEUES, rs -> rs.getString(1), id)) {
      Sql.notify(c, Notifications.TASK_NEW, q);
    }
    return true;
  }

  void cancel(String id) {
    control(
        id,
        adv -> {
          Connection c = adv.connection();
          boolean changed = cancelOne(adv);
          for (String child : descendants(c, id, "RUNNING", "PAUSED", "PENDING")) {
            cancelOne(Advancement.lock(this, c, child).orElseThrow());
          }
          return changed;
        });
  }

  /** Cancels one workflow (improvements (a)) and records the outcome on its parent node. */
  private boolean cancelOne(Advancement adv) throws SQLException {
    if (adv.wf.status.isTerminal()) {
      return false;
    }
    Connection c = adv.connection();
    String id = adv.wf.id;
    adv.wf.status = WorkflowStatus.CANCELLED;
    adv.wf.completedNow = true;
    int skipped = Sql.update(c, CANCEL_NODES, id);
    String cancelled =
        TaskResultJson.write(
            Outcomes.builtIn(BuiltInCode.TASK_CANCELLED, "workflow " + id + " was cancelled"));
    List<Map.Entry<String, Integer>> tasks =
        Sql.query(c, CANCEL_TASKS, rs -> Map.entry(rs.getString(1), rs.getInt(2)), cancelled, id);
    if (!tasks.isEmpty()) {
      skipped +=
          Sql.update(
              c, SKIP_CANCELLED_NODES, id, tasks.stream().mapToInt(Map.Entry::getValue).toArray());
    }
    adv.wf.terminal += skipped;
    finishAndPropagate(adv);
    Notifications.tasksDone(c, tasks.stream().map(Map.Entry::getKey).toList());
    return true;
  }

  private static List<String> descendants(Connection c, String id, String... statuses)
      throws SQLException {
    return Sql.query(c, DESCENDANTS, rs -> rs.getString(1), id, statuses);
  }

  private interface Control {
    boolean apply(Advancement adv) throws SQLException;
  }

  private boolean control(String id, Control op) {
    try {
      return engine
          .db()
          .txRetrying(
              5,
              c -> {
                Advancement adv = Advancement.lock(this, c, id).orElseThrow(() -> notFound(id));
                return op.apply(adv);
              });
    } catch (SQLException e) {
      throw new WorkflowHandleException(
          WorkflowHandleException.Code.DB_OPERATION_FAILED,
          "operation on workflow '" + id + "' failed: " + e.getMessage(),
          Transients.isTransient(e),
          id,
          e);
    }
  }

  static WorkflowHandleException notFound(String id) {
    return new WorkflowHandleException(
        WorkflowHandleException.Code.WORKFLOW_NOT_FOUND,
        "no workflow with id '" + id + "'",
        false,
        id,
        null);
  }

  Optional<WorkflowStatus> status(Connection c, String id) throws SQLException {
    return Sql.one(c, STATUS, rs -> WorkflowStatus.valueOf(rs.getString(1)), id);
  }

  // ---------------------------------------------------------------- recovery

  /** Workflow reconciliation (tasks-and-workers §7.4); returns how many repairs it made. */
  public int reconcile(int batch) throws SQLException {
    return new Reconciler(this).run(batch);
  }
}
