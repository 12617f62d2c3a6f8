package dev.gallop.internal.monitor;

import dev.gallop.Queue;
import dev.gallop.error.WorkflowHandleException;
import dev.gallop.internal.db.Db;
import dev.gallop.internal.db.Sql;
import dev.gallop.internal.db.Transients;
import dev.gallop.internal.engine.Engine;
import dev.gallop.internal.engine.TaskRows;
import dev.gallop.internal.workflow.WorkflowRows;
import dev.gallop.monitor.Monitor;
import dev.gallop.monitor.QueueStats;
import dev.gallop.monitor.TaskQuery;
import dev.gallop.monitor.WorkerStatus;
import dev.gallop.monitor.WorkflowGraph;
import dev.gallop.monitor.WorkflowQuery;
import dev.gallop.task.TaskAttempt;
import dev.gallop.task.TaskInfo;
import dev.gallop.workflow.JoinType;
import dev.gallop.workflow.WorkflowInfo;
import dev.gallop.workflow.WorkflowStatus;
import dev.gallop.workflow.WorkflowTaskInfo;
import dev.gallop.workflow.WorkflowTaskStatus;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The monitoring views: read-only queries over all workflows, tasks, queues and workers. Filters
 * are bound parameters (a null parameter disables its condition), so each view is one fixed
 * statement. Stateless; thread-safe.
 */
public final class MonitorImpl implements Monitor {
  private final Engine engine;

  public MonitorImpl(Engine engine) {
    this.engine = engine;
  }

  @Override
  public List<WorkflowInfo> workflows(WorkflowQuery q) {
    String[] statuses = q.statuses().stream().map(Enum::name).sorted().toArray(String[]::new);
    return read(
        "listing workflows",
        c ->
            Sql.query(
                c,
                MonitorSql.WORKFLOWS,
                WorkflowRows::info,
                statuses.length == 0 ? null : statuses,
                q.nameContains(),
                q.createdAfter(),
                q.createdBefore(),
                q.topLevelOnly(),
                q.limit()));
  }

  @Override
  public Optional<WorkflowGraph> graph(String workflowId) {
    return read(
        "reading workflow '" + workflowId + "'",
        c -> {
          Optional<WorkflowInfo> info =
              Sql.one(c, MonitorSql.WORKFLOW, WorkflowRows::info, workflowId);
          if (info.isEmpty()) {
            return Optional.empty();
          }
          List<WorkflowGraph.Node> nodes =
              Sql.query(
                  c,
                  MonitorSql.GRAPH,
                  rs -> {
                    String sub = rs.getString("sub_status");
                    return new WorkflowGraph.Node(
                        rs.getInt("node_index"),
                        rs.getString("node_id"),
                        rs.getString("task_name"),
                        WorkflowGraph.Kind.valueOf(rs.getString("kind")),
                        WorkflowTaskStatus.valueOf(rs.getString("status")),
                        Arrays.stream(Sql.ints(rs, "dependencies")).boxed().toList(),
                        JoinType.valueOf(rs.getString("join_type")),
                        Sql.intOrNull(rs, "min_success"),
                        rs.getBoolean("allow_failed_deps"),
                        rs.getString("queue_name"),
                        rs.getString("task_id"),
                        rs.getString("sub_workflow_id"),
                        sub == null ? null : WorkflowStatus.valueOf(sub),
                        Sql.instant(rs, "started_at"),
                        Sql.instant(rs, "completed_at"));
                  },
                  workflowId);
          return Optional.of(new WorkflowGraph(info.get(), nodes));
        });
  }

  @Override
  public Optional<WorkflowTaskInfo> node(String workflowId, int nodeIndex) {
    return read(
        "reading node " + nodeIndex + " of workflow '" + workflowId + "'",
        c ->
            Sql.one(
                c, MonitorSql.NODE, rs -> WorkflowRows.node(rs, t -> null), workflowId, nodeIndex));
  }

  @Override
  public List<TaskInfo> tasks(TaskQuery q) {
    String[] statuses = q.statuses().stream().map(Enum::name).sorted().toArray(String[]::new);
    return read(
        "listing tasks",
        c -> {
          List<String> ids =
              Sql.query(
                  c,
                  MonitorSql.TASK_IDS,
                  rs -> rs.getString(1),
                  statuses.length == 0 ? null : statuses,
                  q.taskName(),
                  q.queue(),
                  q.workflowId(),
                  q.limit());
          return tasksById(c, ids);
        });
  }

  @Override
  public Optional<TaskInfo> task(String taskId) {
    return read(
        "reading task '" + taskId + "'", c -> tasksById(c, List.of(taskId)).stream().findFirst());
  }

  /** The tasks with these ids, in the order given, each with its attempts. */
  private static List<TaskInfo> tasksById(java.sql.Connection c, List<String> ids)
      throws SQLException {
    if (ids.isEmpty()) {
      return List.of();
    }
    String[] idArray = ids.toArray(String[]::new);
    record Attempt(String taskId, TaskAttempt attempt) {}
    Map<String, List<TaskAttempt>> attempts =
        Sql.query(
                c,
                MonitorSql.ATTEMPTS,
                rs -> new Attempt(rs.getString("task_id"), TaskRows.attempt(rs)),
                (Object) idArray)
            .stream()
            .collect(
                Collectors.groupingBy(
                    Attempt::taskId, Collectors.mapping(Attempt::attempt, Collectors.toList())));
    Map<String, TaskInfo> byId = new HashMap<>();
    for (TaskInfo t :
        Sql.query(
            c,
            MonitorSql.TASKS,
            rs -> TaskRows.info(rs, attempts.getOrDefault(rs.getString("id"), List.of())),
            (Object) idArray)) {
      byId.put(t.taskId(), t);
    }
    List<TaskInfo> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      TaskInfo t = byId.get(id);
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  @Override
  public List<QueueStats> queues() {
    record Counts(String queue, long ready, long scheduled, long claimed, long running) {}
    Map<String, Counts> counts = new HashMap<>();
    for (Counts n :
        read(
            "reading queue depths",
            c ->
                Sql.query(
                    c,
                    MonitorSql.QUEUES,
                    rs ->
                        new Counts(
                            rs.getString("queue_name"),
                            rs.getLong("ready"),
                            rs.getLong("scheduled"),
                            rs.getLong("claimed"),
                            rs.getLong("running"))))) {
      counts.put(n.queue(), n);
    }
    Map<String, Queue> configured = engine.config().queues();
    TreeSet<String> names = new TreeSet<>(configured.keySet());
    names.addAll(counts.keySet());
    return names.stream()
        .map(name -> {
          Queue q = configured.get(name);
          Counts n = counts.getOrDefault(name, new Counts(name, 0, 0, 0, 0));
          return new QueueStats(
              name,
              q == null ? null : q.priority(),
              q == null ? null : q.maxConcurrency(),
              n.ready(),
              n.scheduled(),
              n.claimed(),
              n.running());
        })
        .toList();
  }

  @Override
  public List<WorkerStatus> workers() {
    return read(
        "listing workers",
        c ->
            Sql.query(
                c,
                MonitorSql.WORKERS,
                rs ->
                    new WorkerStatus(
                        rs.getString("id"),
                        rs.getString("host"),
                        rs.getLong("pid"),
                        Arrays.stream(rs.getString("queues").split(","))
                            .filter(s -> !s.isBlank())
                            .toList(),
                        rs.getInt("concurrency"),
                        Sql.instant(rs, "started_at"),
                        Sql.instant(rs, "last_seen_at"),
                        Sql.instant(rs, "stopped_at"),
                        rs.getBoolean("alive"),
                        rs.getLong("in_flight"))));
  }

  private <R> R read(String what, Db.Work<R> work) {
    try {
      return engine.db().read(work);
    } catch (SQLException e) {
      throw new WorkflowHandleException(
          WorkflowHandleException.Code.DB_OPERATION_FAILED,
          what + " failed: " + e.getMessage(),
          Transients.isTransient(e),
          "-",
          e);
    }
  }
}
