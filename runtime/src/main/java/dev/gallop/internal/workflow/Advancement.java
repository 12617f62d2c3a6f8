package dev.gallop.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.internal.db.Sql;
import dev.gallop.internal.engine.Ids;
import dev.gallop.internal.engine.InputCodec;
import dev.gallop.internal.engine.Notifications;
import dev.gallop.internal.engine.Outcomes;
import dev.gallop.internal.json.Json;
import dev.gallop.internal.json.TaskResultJson;
import dev.gallop.task.BuiltInCode;
import dev.gallop.task.TaskError;
import dev.gallop.task.TaskResult;
import dev.gallop.workflow.JoinType;
import dev.gallop.workflow.OnError;
import dev.gallop.workflow.WorkflowStatus;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Advances one workflow inside one transaction, holding its tree's lock (the root row, {@code FOR
 * UPDATE}). Node outcomes are queued as events; each event updates its node with a guarded CAS
 * (never from a terminal status), bumps the counters of that node's dependents only, and evaluates
 * them. Ready nodes are enqueued in batches. The cost is proportional to the dependents touched,
 * never to the workflow's size. {@link #finish()} runs the completion check and writes the workflow
 * row once, guarded by the status it was loaded with.
 */
final class Advancement {
  private static final String LOAD =
      """
      select id, name, status, on_error, output_index, success_policy, required_union, error, result, node_count,
             terminal_count, failed_count, lowest_failed_index, parent_workflow_id, parent_node_index, root_workflow_id,
             depth, definition_key
        from gallop_workflows where id = ?
      """;

  /** A workflow that is its tree's root: locked and loaded in one statement. */
  private static final String LOAD_ROOT_LOCKED = LOAD + " and root_workflow_id = id for update";

  private static final String LOCK_ROOT_OF =
      """
      select 1 from gallop_workflows
       where id = (select root_workflow_id from gallop_workflows where id = ?) for update
      """;
  private static final String NODE_TERMINAL =
      """
      update gallop_workflow_nodes
         set status = ?, result = ?, completed_at = case when ? = 'SKIPPED' then null else now() end,
             sub_workflow_summary = coalesce(?, sub_workflow_summary)
       where workflow_id = ? and node_index = ? and status not in ('COMPLETED', 'FAILED', 'SKIPPED')
      returning dependents
      """;
  private static final String BUMP_DEPENDENTS =
      """
      update gallop_workflow_nodes
         set deps_completed = deps_completed + ?, deps_failed = deps_failed + ?, deps_skipped = deps_skipped + ?,
             ctx_open = ctx_open - case when ? = any(ctx_from) then 1 else 0 end
       where workflow_id = ? and node_index = any(?)
      returning node_index, status, join_type, min_success, allow_failed_deps, deps_completed, deps_failed,
                deps_skipped, cardinality(dependencies) as d, ctx_open
      """;

  /** {@link #NODE_TERMINAL} for many COMPLETED nodes at once. */
  private static final String NODES_COMPLETED =
      """
      update gallop_workflow_nodes n
         set status = 'COMPLETED', result = u.result, completed_at = now(),
             sub_workflow_summary = coalesce(u.summary, n.sub_workflow_summary)
        from unnest(?::int[], ?::text[], ?::text[]) as u (idx, result, summary)
       where n.workflow_id = ? and n.node_index = u.idx and n.status not in ('COMPLETED', 'FAILED', 'SKIPPED')
      returning n.node_index, n.dependents
      """;

  /**
   * {@link #BUMP_DEPENDENTS} for many completed sources at once: one (dependent, source) pair per
   * edge, each dependent updated once.
   */
  private static final String BUMP_COMPLETED =
      """
      update gallop_workflow_nodes n
         set deps_completed = n.deps_completed + e.k,
             ctx_open = n.ctx_open - (select count(*) from unnest(e.sources) s where s = any(n.ctx_from))
        from (select dep, count(*)::int as k, array_agg(src) as sources
                from unnest(?::int[], ?::int[]) as x (dep, src) group by dep) e
       where n.workflow_id = ? and n.node_index = e.dep
      returning n.node_index, n.status, n.join_type, n.min_success, n.allow_failed_deps, n.deps_completed,
                n.deps_failed, n.deps_skipped, cardinality(n.dependencies) as d, n.ctx_open
      """;

  static final String PENDING_COUNTERS =
      """
      select node_index, status, join_type, min_success, allow_failed_deps, deps_completed, deps_failed,
             deps_skipped, cardinality(dependencies) as d, ctx_open
        from gallop_workflow_nodes where workflow_id = ? and status = 'PENDING' and node_index = any(?)
      """;
  private static final String TO_ENQUEUE =
      """
      select node_index, node_id, kind, definition_key, task_name, static_inputs, args_from, ctx_from, queue_name,
             priority, good_until, retry_policy, (good_until is not null and good_until <= now()) as expired
        from gallop_workflow_nodes
       where workflow_id = ? and node_index = any(?) and status in ('PENDING', 'READY')
       order by node_index
      """;
  private static final String DEP_RESULTS =
      """
      select node_index, node_id, status, result, sub_workflow_summary from gallop_workflow_nodes
       where workflow_id = ? and node_index = any(?)
      """;

  /** Inserts the nodes' task rows and links each node to its row (ENQUEUED), in one statement. */
  private static final String INSERT_TASKS =
      """
      with inserted as (
      insert into gallop_tasks (id, task_name, queue_name, priority, inputs, status, enqueued_at, good_until,
                                max_retries, retry_policy, enqueue_sha, workflow_id, node_index, result, error_code,
                                failed_reason, completed_at)
      select u.id, u.tname, u.q, u.pri, u.inp, u.st, now(), u.gu::timestamptz, u.mr, u.rp, u.sha, ?, u.idx,
             u.res, case when u.st = 'EXPIRED' then 'TASK_EXPIRED' end,
             case when u.st = 'EXPIRED' then 'goodUntil passed before the node was enqueued' end,
             case when u.st = 'EXPIRED' then now() end
        from unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[],
                    ?::text[], ?::int[], ?::text[]) as u(id, tname, q, pri, inp, st, gu, mr, rp, sha, idx, res)
      returning id, node_index
      )
      update gallop_workflow_nodes n set status = 'ENQUEUED', task_id = i.id
        from inserted i
       where n.workflow_id = ? and n.node_index = i.node_index and n.status in ('PENDING', 'READY')
      """;

  private static final String SAVE =
      """
      update gallop_workflows
         set status = ?, terminal_count = ?, failed_count = ?, lowest_failed_index = ?, error = ?, result = ?,
             completed_at = case when ? then now() else completed_at end, updated_at = now()
       where id = ? and status = ?
      """;

  /** The workflow row as loaded under the lock, plus what this transaction changes. */
  static final class Wf {
    String id;
    String name;
    WorkflowStatus loadedStatus;
    WorkflowStatus status;
    OnError onError;
    @Nullable Integer outputIndex;
    @Nullable String policy;
    int[] requiredUnion;
    @Nullable String error;
    @Nullable String result;
    int depth;
    @Nullable String definitionKey;
    int nodeCount;
    int terminal;
    int failed;
    @Nullable Integer lowestFailed;
    @Nullable String parentId;
    @Nullable Integer parentNodeIndex;
    String rootId;
    boolean completedNow;
  }

  /** A dependency's state as read when a node is enqueued. */
  private record Dep(
      String nodeId, String status, @Nullable String result, @Nullable String summary) {}

  private record Event(
      int index, String status, @Nullable String result, @Nullable String summary) {}

  /** A finished child's outcome for its parent node: status, result text and summary text. */
  record Propagation(
      String parentId, int nodeIndex, String status, String result, String summary) {}

  private final WorkflowEngine engine;
  private final Connection c;
  final Wf wf;
  private final Deque<Event> events = new ArrayDeque<>();
  private final Set<Integer> ready = new LinkedHashSet<>();
  private final Set<String> notifiedQueues = new TreeSet<>();
  private @Nullable HandOff handOff;

  private Advancement(WorkflowEngine engine, Connection c, Wf wf) {
    this.engine = engine;
    this.c = c;
    this.wf = wf;
  }

  /**
   * Locks the tree of {@code workflowId} (its root row) and loads it; empty if it does not exist.
   */
  static Optional<Advancement> lock(WorkflowEngine engine, Connection c, String workflowId)
      throws SQLException {
    Optional<Advancement> root = load(engine, c, LOAD_ROOT_LOCKED, workflowId);
    if (root.isPresent()) {
      return root;
    }
    if (Sql.one(c, LOCK_ROOT_OF, rs -> 1, workflowId).isEmpty()) {
      return Optional.empty();
    }
    return load(engine, c, LOAD, workflowId);
  }

  private static Optional<Advancement> load(
      WorkflowEngine engine, Connection c, String sql, String workflowId) throws SQLException {
    return Sql.one(
            c,
            sql,
            rs -> {
              Wf w = new Wf();
              w.id = rs.getString("id");
              w.name = rs.getString("name");
              w.loadedStatus = WorkflowStatus.valueOf(rs.getString("status"));
              w.status = w.loadedStatus;
              w.onError = OnError.valueOf(rs.getString("on_error"));
              w.outputIndex = Sql.intOrNull(rs, "output_index");
              w.policy = rs.getString("success_policy");
              w.requiredUnion = Sql.ints(rs, "required_union");
              w.error = rs.getString("error");
              w.result = rs.getString("result");
              w.depth = rs.getInt("depth");
              w.definitionKey = rs.getString("definition_key");
              w.nodeCount = rs.getInt("node_count");
              w.terminal = rs.getInt("terminal_count");
              w.failed = rs.getInt("failed_count");
              w.lowestFailed = Sql.intOrNull(rs, "lowest_failed_index");
              w.parentId = rs.getString("parent_workflow_id");
              w.parentNodeIndex = Sql.intOrNull(rs, "parent_node_index");
              w.rootId = rs.getString("root_workflow_id");
              return w;
            },
            workflowId)
        .map(w -> new Advancement(engine, c, w));
  }

  /** Queues a node outcome: COMPLETED or FAILED with its result text, or SKIPPED without. */
  void nodeTerminal(int index, String status, @Nullable String result) {
    events.add(new Event(index, status, result, null));
  }

  /** Queues a finished child's outcome on its subworkflow node. */
  void childFinished(Propagation p) {
    events.add(new Event(p.nodeIndex(), p.status(), p.result(), p.summary()));
  }

  /** Marks nodes for enqueueing (roots at start, ready nodes at resume). */
  /** Lets {@code h} claim the task rows this advancement enqueues (local hand-off). */
  void handOff(@Nullable HandOff h) {
    this.handOff = h;
  }

  void enqueueLater(List<Integer> indices) {
    ready.addAll(indices);
  }

  /** Evaluates PENDING nodes from their counters (resume, recovery). */
  void evaluatePending(int[] indices) throws SQLException {
    for (Counters k : Sql.query(c, PENDING_COUNTERS, Counters::read, wf.id, indices)) {
      decide(k);
    }
  }

  /** Processes every queued event and ready node until nothing is left. */
  void run() throws SQLException {
    while (!events.isEmpty() || (!ready.isEmpty() && wf.status == WorkflowStatus.RUNNING)) {
      while (!events.isEmpty()) {
        List<Event> wave = completedWave();
        if (wave.size() > 1) {
          processCompleted(wave);
        } else {
          process(events.poll());
        }
      }
      if (!ready.isEmpty() && wf.status == WorkflowStatus.RUNNING) {
        List<Integer> batch = new ArrayList<>(ready);
        ready.clear();
        enqueue(batch);
      }
    }
  }

  /**
   * The queued events from the head on that are COMPLETED, each of a different node (a later event
   * of the same node waits for the next wave, where its guarded update finds the node terminal).
   * Left in the queue; empty or one event means there is nothing to gain.
   */
  private List<Event> completedWave() {
    List<Event> wave = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (Event e : events) {
      if (!e.status().equals("COMPLETED") || !seen.add(e.index())) {
        break;
      }
      wave.add(e);
    }
    return wave;
  }

  /**
   * Processes a wave of COMPLETED events set-based, as {@link #process} would one by one: one
   * guarded update of the nodes, one update of their dependents' counters (a dependent of several
   * of them is bumped once, by their number), then each dependent evaluated on its final counters.
   * That equals evaluating it after every event: successes only raise {@code deps_completed} and
   * lower {@code ctx_open}, so readiness, once reached, holds, and a success never pauses.
   */
  private void processCompleted(List<Event> wave) throws SQLException {
    for (int i = 0; i < wave.size(); i++) {
      events.poll();
    }
    int n = wave.size();
    Integer[] indices = new Integer[n];
    String[] results = new String[n];
    String[] summaries = new String[n];
    for (int i = 0; i < n; i++) {
      indices[i] = wave.get(i).index();
      results[i] = wave.get(i).result();
      summaries[i] = wave.get(i).summary();
    }
    List<Integer> dependents = new ArrayList<>();
    List<Integer> sources = new ArrayList<>();
    Sql.query(
        c,
        NODES_COMPLETED,
        rs -> {
          int source = rs.getInt(1);
          for (int d : Sql.ints(rs, "dependents")) {
            dependents.add(d);
            sources.add(source);
          }
          wf.terminal++;
          return null;
        },
        indices,
        results,
        summaries,
        wf.id);
    if (dependents.isEmpty()) {
      return;
    }
    List<Counters> deps =
        Sql.query(
            c,
            BUMP_COMPLETED,
            Counters::read,
            dependents.toArray(Integer[]::new),
            sources.toArray(Integer[]::new),
            wf.id);
    if (wf.status != WorkflowStatus.RUNNING) {
      return; // PAUSED or CANCELLED: recorded on the nodes only
    }
    for (Counters k : deps) {
      decide(k);
    }
  }

  private void process(Event e) throws SQLException {
    Optional<int[]> dependents =
        Sql.one(
            c,
            NODE_TERMINAL,
            rs -> Sql.ints(rs, "dependents"),
            e.status(),
            e.result(),
            e.status(),
            e.summary(),
            wf.id,
            e.index());
    if (dependents.isEmpty()) {
      return; // already terminal: another actor recorded it
    }
    wf.terminal++;
    boolean failedNode = e.status().equals("FAILED");
    if (failedNode) {
      wf.failed++;
      wf.lowestFailed = wf.lowestFailed == null ? e.index() : Math.min(wf.lowestFailed, e.index());
    }
    List<Counters> deps = List.of();
    if (dependents.get().length > 0) {
      deps =
          Sql.query(
              c,
              BUMP_DEPENDENTS,
              Counters::read,
              e.status().equals("COMPLETED") ? 1 : 0,
              failedNode ? 1 : 0,
              e.status().equals("SKIPPED") ? 1 : 0,
              e.index(),
              wf.id,
              dependents.get());
    }
    if (wf.status != WorkflowStatus.RUNNING) {
      return; // PAUSED or CANCELLED: recorded on the node only
    }
    if (failedNode && wf.onError == OnError.PAUSE) {
      wf.status = WorkflowStatus.PAUSED;
      wf.error = errorText(e.result());
      return;
    }
    for (Counters k : deps) {
      decide(k);
    }
  }

  private void decide(Counters k) {
    if (!k.status.equals("PENDING")) {
      return;
    }
    switch (Readiness.evaluate(
        k.join, k.d, k.completed, k.failed, k.skipped, k.minSuccess, k.allowFailed, k.ctxOpen)) {
      case READY -> ready.add(k.index);
      case SKIP -> events.add(new Event(k.index, "SKIPPED", null, null));
      case WAIT -> {}
    }
  }

  /** Counters of a node as read back from the database. */
  record Counters(
      int index,
      String status,
      JoinType join,
      @Nullable Integer minSuccess,
      boolean allowFailed,
      int completed,
      int failed,
      int skipped,
      int d,
      int ctxOpen) {
    static Counters read(java.sql.ResultSet rs) throws SQLException {
      return new Counters(
          rs.getInt("node_index"),
          rs.getString("status"),
          JoinType.valueOf(rs.getString("join_type")),
          Sql.intOrNull(rs, "min_success"),
          rs.getBoolean("allow_failed_deps"),
          rs.getInt("deps_completed"),
          rs.getInt("deps_failed"),
          rs.getInt("deps_skipped"),
          rs.getInt("d"),
          rs.getInt("ctx_open"));
    }
  }

  private void enqueue(List<Integer> indices) throws SQLException {
    record Row(
        int index,
        String nodeId,
        String kind,
        @Nullable String definitionKey,
        String taskName,
        String statics,
        String argsFrom,
        int[] ctxFrom,
        String queue,
        int priority,
        @Nullable String goodUntil,
        @Nullable String retryPolicy,
        boolean expired) {}
    List<Row> rows =
        Sql.query(
            c,
            TO_ENQUEUE,
            rs ->
                new Row(
                    rs.getInt("node_index"),
                    rs.getString("node_id"),
                    rs.getString("kind"),
                    rs.getString("definition_key"),
                    rs.getString("task_name"),
                    rs.getString("static_inputs"),
                    rs.getString("args_from"),
                    Sql.ints(rs, "ctx_from"),
                    rs.getString("queue_name"),
                    rs.getInt("priority"),
                    rs.getTimestamp("good_until") == null
                        ? null
                        : rs.getTimestamp("good_until").toInstant().toString(),
                    rs.getString("retry_policy"),
                    rs.getBoolean("expired")),
            wf.id,
            indices.stream().mapToInt(Integer::intValue).toArray());
    if (rows.isEmpty()) {
      return;
    }
    // results of every dependency any of them needs, in one query
    Map<Row, Map<String, Integer>> parsedArgs = new HashMap<>();
    Set<Integer> needed = new TreeSet<>();
    List<Row> valid = new ArrayList<>();
    for (Row r : rows) {
      try {
        Map<String, Integer> args = new java.util.LinkedHashMap<>();
        Json.parse(r.argsFrom())
            .fields()
            .forEachRemaining(f -> args.put(f.getKey(), f.getValue().asInt()));
        Json.parse(r.statics());
        parsedArgs.put(r, args);
        needed.addAll(args.values());
        for (int x : r.ctxFrom()) {
          needed.add(x);
        }
        valid.add(r);
      } catch (IOException | RuntimeException ex) {
        nodeTerminal(
            r.index(),
            "FAILED",
            TaskResultJson.write(
                Outcomes.builtIn(
                    BuiltInCode.WORKER_SERIALIZATION_ERROR,
                    "stored configuration of node '"
                        + r.nodeId()
                        + "' is unreadable: "
                        + ex.getMessage())));
      }
    }
    Map<Integer, Dep> depResults = new HashMap<>();
    if (!needed.isEmpty()) {
      for (var d :
          Sql.query(
              c,
              DEP_RESULTS,
              rs ->
                  Map.entry(
                      rs.getInt(1),
                      new Dep(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5))),
              wf.id,
              needed.stream().mapToInt(Integer::intValue).toArray())) {
        depResults.put(d.getKey(), d.getValue());
      }
    }
    // subworkflow nodes start a child (or wait READY for a worker); task nodes are batched below
    List<Row> children = valid.stream().filter(r -> r.kind().equals("SUBWORKFLOW")).toList();
    valid = new ArrayList<>(valid.stream().filter(r -> !r.kind().equals("SUBWORKFLOW")).toList());
    for (Row r : children) {
      ObjectNode in =
          inputsOf(
              r.index(), r.taskName(), r.statics(), parsedArgs.get(r), r.ctxFrom(), depResults);
      engine.startChild(this, r.index(), r.definitionKey(), in);
    }
    int n = valid.size();
    String[] ids = new String[n];
    String[] names = new String[n];
    String[] queues = new String[n];
    Integer[] priorities = new Integer[n];
    String[] inputs = new String[n];
    String[] statuses = new String[n];
    String[] goodUntil = new String[n];
    Integer[] maxRetries = new Integer[n];
    String[] policies = new String[n];
    String[] shas = new String[n];
    Integer[] idx = new Integer[n];
    String[] results = new String[n];
    for (int i = 0; i < n; i++) {
      Row r = valid.get(i);
      ObjectNode in =
          inputsOf(
              r.index(), r.taskName(), r.statics(), parsedArgs.get(r), r.ctxFrom(), depResults);
      ids[i] = Ids.random();
      names[i] = r.taskName();
      queues[i] = r.queue();
      priorities[i] = r.priority();
      inputs[i] = in.toString();
      statuses[i] = r.expired() ? "EXPIRED" : "PENDING";
      goodUntil[i] = r.goodUntil();
      var policy = dev.gallop.internal.engine.RetryPolicyJson.read(r.retryPolicy());
      maxRetries[i] = policy == null ? 0 : policy.maxRetries();
      policies[i] = r.retryPolicy();
      shas[i] = Ids.sha256(ids[i]);
      idx[i] = r.index();
      results[i] = r.expired() ? expiredResult() : null;
    }
    if (n == 0) {
      return;
    }
    Sql.update(
        c,
        INSERT_TASKS,
        wf.id,
        ids,
        names,
        queues,
        priorities,
        inputs,
        statuses,
        goodUntil,
        maxRetries,
        policies,
        shas,
        idx,
        results,
        wf.id);
    Set<String> handedOff = handOff == null ? Set.of() : offer(ids, queues, priorities, statuses);
    for (int i = 0; i < n; i++) {
      if (statuses[i].equals("EXPIRED")) {
        nodeTerminal(idx[i], "FAILED", results[i]);
      } else if (!handedOff.contains(ids[i]) && notifiedQueues.add(queues[i])) {
        Sql.notify(c, Notifications.TASK_NEW, queues[i]);
      }
    }
  }

  /** Offers the PENDING rows just inserted to the hand-off; returns the ids it claimed. */
  private Set<String> offer(String[] ids, String[] queues, Integer[] priorities, String[] statuses)
      throws SQLException {
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      if (statuses[i].equals("PENDING")) {
        pending.add(i);
      }
    }
    if (pending.isEmpty() || wf.status != WorkflowStatus.RUNNING) {
      return Set.of();
    }
    return handOff.claim(
        c,
        pending.stream().map(i -> ids[i]).toArray(String[]::new),
        pending.stream().map(i -> queues[i]).toArray(String[]::new),
        pending.stream().mapToInt(i -> priorities[i]).toArray());
  }

  /**
   * The stored inputs of a node being enqueued: static values, argsFrom results captured from the
   * dependencies terminal now (sentinels for skipped ones), and the captured context.
   */
  private ObjectNode inputsOf(
      int index,
      String taskName,
      String statics,
      Map<String, Integer> args,
      int[] ctxFrom,
      Map<Integer, Dep> deps)
      throws SQLException {
    ObjectNode in;
    try {
      in = (ObjectNode) Json.parse(statics);
    } catch (IOException ex) {
      throw new SQLException("static inputs of node " + index + " became unreadable", ex);
    }
    args.forEach((name, depIndex) -> {
      Dep d = deps.get(depIndex);
      JsonNode v = d == null ? null : captured(depIndex, d.status(), d.nodeId(), d.result());
      if (v != null) {
        in.set(name, v);
      }
    });
    if (ctxFrom.length > 0) {
      ObjectNode ctx = in.putObject(InputCodec.CONTEXT_KEY);
      ctx.put("workflowId", wf.id);
      ctx.put("taskIndex", index);
      ctx.put("taskName", taskName);
      ArrayNode entries = ctx.putArray("entries");
      for (int x : ctxFrom) {
        Dep d = deps.get(x);
        ObjectNode e = entries.addObject();
        e.put("index", x);
        e.put("nodeId", d == null ? "" : d.nodeId());
        JsonNode v = d == null ? null : captured(x, d.status(), d.nodeId(), d.result());
        if (v != null) {
          e.set("result", v);
        }
        if (d != null && d.summary() != null) {
          try {
            e.set("summary", Json.parse(d.summary()));
          } catch (IOException ignored) {
            // an unreadable summary is left out of the context
          }
        }
      }
    }
    return in;
  }

  private static String expiredResult() {
    return TaskResultJson.write(
        Outcomes.builtIn(
            BuiltInCode.TASK_EXPIRED, "goodUntil passed before the node was enqueued"));
  }

  /**
   * The value an argsFrom input or context entry captures from a dependency: its stored result, the
   * UPSTREAM_SKIPPED sentinel, or nothing (null) if it is not terminal yet.
   */
  static @Nullable JsonNode captured(
      int depIndex, @Nullable String status, @Nullable String nodeId, @Nullable String result) {
    if (status == null) {
      return null;
    }
    return switch (status) {
      case "COMPLETED", "FAILED" -> {
        if (result == null) {
          yield TaskResultJson.toNode(
              Outcomes.builtIn(
                  BuiltInCode.RESULT_NOT_AVAILABLE, "dependency has no stored result"));
        }
        try {
          yield Json.parse(result);
        } catch (IOException e) {
          yield TaskResultJson.toNode(
              Outcomes.builtIn(
                  BuiltInCode.RESULT_DESERIALIZATION_ERROR,
                  "stored result of dependency " + depIndex + " is unreadable"));
        }
      }
      case "SKIPPED" -> TaskResultJson.toNode(skipped(depIndex, nodeId));
      default -> null;
    };
  }

  /** The UPSTREAM_SKIPPED sentinel for a skipped node. */
  static TaskResult<Object> skipped(int index, @Nullable String nodeId) {
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("dependencyIndex", index);
    data.put("nodeId", nodeId);
    return TaskResult.err(
        TaskError.of(BuiltInCode.UPSTREAM_SKIPPED, "node '" + nodeId + "' was skipped", data));
  }

  /**
   * The error object of a stored err result, as JSON text (for the pause error and final error).
   */
  static @Nullable String errorText(@Nullable String resultText) {
    if (resultText == null) {
      return null;
    }
    try {
      JsonNode n = Json.parse(resultText);
      JsonNode e = n.get("error");
      return e == null ? null : e.toString();
    } catch (IOException e) {
      return TaskResultJson.errorToNode(
              TaskError.of(BuiltInCode.RESULT_DESERIALIZATION_ERROR, "stored error is unreadable"))
          .toString();
    }
  }

  /**
   * Completion check (workflow-semantics §8), then writes the workflow row and notifies. Returns
   * the outcome to record on the parent's node when a child workflow just became terminal.
   */
  Optional<Propagation> finish() throws SQLException {
    if (wf.status == WorkflowStatus.RUNNING && wf.terminal == wf.nodeCount) {
      Completion.complete(c, wf);
    }
    int n =
        Sql.update(
            c,
            SAVE,
            wf.status.name(),
            wf.terminal,
            wf.failed,
            wf.lowestFailed,
            wf.error,
            wf.result,
            wf.completedNow,
            wf.id,
            wf.loadedStatus.name());
    if (n != 1) {
      throw new IllegalStateException("workflow " + wf.id + " changed under its lock");
    }
    if (wf.status != wf.loadedStatus
        && (wf.status.isTerminal() || wf.status == WorkflowStatus.PAUSED)) {
      Sql.notify(c, Notifications.WORKFLOW_DONE, wf.id);
      engine.engine().metrics().workflowFinished(wf.name, wf.status);
    }
    if (wf.status == WorkflowStatus.CANCELLED && wf.loadedStatus != WorkflowStatus.CANCELLED) {
      Sql.notify(c, Notifications.WORKFLOW_CANCEL, wf.id);
    }
    return wf.completedNow ? propagation() : Optional.empty();
  }

  /** The child→parent outcome of this workflow, if it is a terminal child (subworkflows §5). */
  Optional<Propagation> propagation() throws SQLException {
    if (wf.parentId == null || wf.parentNodeIndex == null || !wf.status.isTerminal()) {
      return Optional.empty();
    }
    return Optional.of(Propagations.of(c, wf));
  }

  Connection connection() {
    return c;
  }

  WorkflowEngine engine() {
    return engine;
  }
}
