package dev.gallop.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gallop.error.WorkflowHandleException;
import dev.gallop.internal.db.Sql;
import dev.gallop.internal.db.Transients;
import dev.gallop.internal.engine.Engine;
import dev.gallop.internal.engine.Outcomes;
import dev.gallop.internal.engine.RegisteredTask;
import dev.gallop.internal.engine.TaskHandleImpl;
import dev.gallop.internal.json.Json;
import dev.gallop.internal.json.TaskResultJson;
import dev.gallop.task.BuiltInCode;
import dev.gallop.task.TaskError;
import dev.gallop.task.TaskResult;
import dev.gallop.workflow.NodeKey;
import dev.gallop.workflow.WorkflowHandle;
import dev.gallop.workflow.WorkflowInfo;
import dev.gallop.workflow.WorkflowNode;
import dev.gallop.workflow.WorkflowStatus;
import dev.gallop.workflow.WorkflowTaskInfo;
import java.io.IOException;
import java.lang.reflect.Type;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** Handle of one workflow. Holds only its id and output type; every call reads the database. */
final class WorkflowHandleImpl<T> implements WorkflowHandle<T> {
  private static final String GET =
      """
      select status, output_index, result, error from gallop_workflows where id = ?
      """;
  private static final String INFO =
      "select " + WorkflowRows.INFO_COLUMNS + " from gallop_workflows where id = ?";
  private static final String RESULTS =
      """
      select node_id, task_name, result from gallop_workflow_nodes
       where workflow_id = ? and result is not null order by node_index
      """;
  private static final String RESULT_FOR =
      """
      select n.status, n.result, n.task_name from gallop_workflows w
        left join gallop_workflow_nodes n on n.workflow_id = w.id and n.node_id = ?
       where w.id = ?
      """;
  private static final String TASKS =
      "select "
          + WorkflowRows.NODE_COLUMNS
          + " from "
          + WorkflowRows.NODE_FROM
          + " where n.workflow_id = ? order by n.node_index";
  private static final String EXISTS = "select 1 from gallop_workflows where id = ?";

  private final Engine engine;
  private final String id;
  private final @Nullable Type outputType;

  WorkflowHandleImpl(Engine engine, String id, @Nullable Type outputType) {
    this.engine = engine;
    this.id = id;
    this.outputType = outputType;
  }

  @Override
  public String workflowId() {
    return id;
  }

  @Override
  public WorkflowStatus status() {
    return read(c -> engine.workflows().status(c, id))
        .orElseThrow(() -> WorkflowEngine.notFound(id));
  }

  @Override
  public CompletableFuture<WorkflowStatus> statusAsync() {
    return engine.async(this::status);
  }

  @Override
  public WorkflowInfo info() {
    return read(c -> Sql.one(c, INFO, WorkflowRows::info, id))
        .orElseThrow(() -> WorkflowEngine.notFound(id));
  }

  @Override
  public CompletableFuture<WorkflowInfo> infoAsync() {
    return engine.async(this::info);
  }

  @Override
  public TaskResult<T> get(@Nullable Duration timeout) {
    return getAsync(timeout).join();
  }

  @Override
  public CompletableFuture<TaskResult<T>> getAsync(@Nullable Duration timeout) {
    return engine.waiters().awaitResult("w:" + id, "workflow '" + id + "'", timeout, this::check);
  }

  @SuppressWarnings("unchecked")
  private Optional<TaskResult<T>> check() throws SQLException {
    record Row(
        WorkflowStatus status,
        @Nullable Integer output,
        @Nullable String result,
        @Nullable String error) {}
    Optional<Row> row =
        engine
            .db()
            .read(c ->
                Sql.one(
                    c,
                    GET,
                    rs ->
                        new Row(
                            WorkflowStatus.valueOf(rs.getString(1)),
                            Sql.intOrNull(rs, "output_index"),
                            rs.getString(3),
                            rs.getString(4)),
                    id));
    if (row.isEmpty()) {
      return Optional.of(
          cast(
              Outcomes.builtIn(
                  BuiltInCode.WORKFLOW_NOT_FOUND, "no workflow with id '" + id + "'")));
    }
    Row r = row.get();
    return switch (r.status()) {
      case RUNNING, PENDING -> Optional.empty();
      case CANCELLED ->
          Optional.of(
              cast(
                  Outcomes.builtIn(
                      BuiltInCode.WORKFLOW_CANCELLED, "workflow '" + id + "' was cancelled")));
      case PAUSED -> {
        Map<String, Object> data = null;
        if (r.error() != null) {
          data = new LinkedHashMap<>();
          data.put("error", errorData(r.error()));
        }
        yield Optional.of(
            cast(
                TaskResult.err(
                    TaskError.of(
                        BuiltInCode.WORKFLOW_PAUSED, "workflow '" + id + "' is paused", data))));
      }
      case FAILED -> {
        if (r.error() == null) {
          yield Optional.of(
              cast(Outcomes.builtIn(BuiltInCode.WORKFLOW_FAILED, "workflow '" + id + "' failed")));
        }
        try {
          yield Optional.of(
              cast(TaskResult.err(TaskResultJson.errorFromNode(Json.parse(r.error())))));
        } catch (TaskResultJson.UnreadableException | IOException e) {
          yield Optional.of(
              cast(
                  Outcomes.builtIn(
                      BuiltInCode.RESULT_DESERIALIZATION_ERROR, "stored error is unreadable")));
        }
      }
      case COMPLETED ->
          Optional.of(
              r.output() != null
                  ? (TaskResult<T>) (TaskResult<?>) TaskHandleImpl.decode(r.result(), outputType)
                  : (TaskResult<T>) (TaskResult<?>) sinkMap(r.result()));
    };
  }

  /** The pause error in the shape {@code {errorCode, message, data}}. */
  private static Map<String, Object> errorData(String errorText) {
    Map<String, Object> m = new LinkedHashMap<>();
    try {
      TaskError e = TaskResultJson.errorFromNode(Json.parse(errorText));
      m.put("errorCode", e.codeName());
      m.put("message", e.message());
      m.put("data", e.data());
    } catch (TaskResultJson.UnreadableException | IOException ex) {
      m.put("errorCode", BuiltInCode.RESULT_DESERIALIZATION_ERROR.name());
    }
    return m;
  }

  private TaskResult<Object> sinkMap(@Nullable String text) {
    if (text == null) {
      return Outcomes.builtIn(
          BuiltInCode.RESULT_DESERIALIZATION_ERROR, "workflow '" + id + "' has no stored result");
    }
    try {
      JsonNode n = Json.parse(text);
      Map<String, TaskResult<?>> map = new LinkedHashMap<>();
      var it = n.path("value").fields();
      while (it.hasNext()) {
        var e = it.next();
        map.put(e.getKey(), TaskHandleImpl.decode(e.getValue().toString(), null));
      }
      return TaskResult.ok(map);
    } catch (IOException e) {
      return Outcomes.builtIn(
          BuiltInCode.RESULT_DESERIALIZATION_ERROR,
          "stored result is unreadable: " + e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> TaskResult<T> cast(TaskResult<?> r) {
    return (TaskResult<T>) r;
  }

  private @Nullable Type typeOf(String taskName) {
    RegisteredTask<?, ?> t = engine.registry().get(taskName);
    return t == null ? null : t.resultType();
  }

  @Override
  public Map<String, TaskResult<?>> results() {
    return read(c -> {
      record Row(String nodeId, String task, String result) {}
      List<Row> rows =
          Sql.query(
              c, RESULTS, rs -> new Row(rs.getString(1), rs.getString(2), rs.getString(3)), id);
      if (rows.isEmpty() && Sql.one(c, EXISTS, rs -> 1, id).isEmpty()) {
        throw WorkflowEngine.notFound(id);
      }
      Map<String, TaskResult<?>> out = new LinkedHashMap<>();
      for (Row r : rows) {
        out.put(r.nodeId(), TaskHandleImpl.decode(r.result(), typeOf(r.task())));
      }
      return out;
    });
  }

  @Override
  public CompletableFuture<Map<String, TaskResult<?>>> resultsAsync() {
    return engine.async(this::results);
  }

  @Override
  public <U> TaskResult<U> resultFor(WorkflowNode<U> node) {
    Optional<String> nodeId = node.nodeId();
    if (nodeId.isEmpty()) {
      return cast(
          Outcomes.builtIn(
              BuiltInCode.WORKFLOW_CTX_MISSING_ID,
              "node of task '" + node.label() + "' has no id: it was never part of a built spec"));
    }
    return resultFor(nodeId.get(), node.resultType());
  }

  @Override
  public <U> TaskResult<U> resultFor(NodeKey<U> key) {
    return resultFor(key.id(), key.type());
  }

  private <U> TaskResult<U> resultFor(String nodeId, @Nullable Type type) {
    record Row(@Nullable String status, @Nullable String result, @Nullable String task) {}
    try {
      Optional<Row> row =
          engine
              .db()
              .read(c ->
                  Sql.one(
                      c,
                      RESULT_FOR,
                      rs -> new Row(rs.getString(1), rs.getString(2), rs.getString(3)),
                      nodeId,
                      id));
      if (row.isEmpty()) {
        return cast(
            Outcomes.builtIn(BuiltInCode.WORKFLOW_NOT_FOUND, "no workflow with id '" + id + "'"));
      }
      Row r = row.get();
      if ("SKIPPED".equals(r.status())) {
        return cast(
            TaskResult.err(
                TaskError.of(
                    BuiltInCode.UPSTREAM_SKIPPED,
                    "node '" + nodeId + "' was skipped",
                    Map.of("nodeId", nodeId))));
      }
      if (r.result() == null) {
        return cast(
            Outcomes.builtIn(
                BuiltInCode.RESULT_NOT_READY,
                r.status() == null
                    ? "workflow '" + id + "' has no node '" + nodeId + "'"
                    : "node '" + nodeId + "' has no result yet"));
      }
      return cast(TaskHandleImpl.decode(r.result(), type != null ? type : typeOf(r.task())));
    } catch (SQLException | RuntimeException e) {
      return cast(
          Outcomes.builtIn(
              BuiltInCode.BROKER_ERROR, "reading workflow '" + id + "' failed: " + e.getMessage()));
    }
  }

  @Override
  public <U> CompletableFuture<TaskResult<U>> resultForAsync(WorkflowNode<U> node) {
    return engine.async(() -> resultFor(node));
  }

  @Override
  public <U> CompletableFuture<TaskResult<U>> resultForAsync(NodeKey<U> key) {
    return engine.async(() -> resultFor(key));
  }

  @Override
  public List<WorkflowTaskInfo> tasks() {
    return read(c -> {
      List<WorkflowTaskInfo> rows =
          Sql.query(c, TASKS, rs -> WorkflowRows.node(rs, this::typeOf), id);
      if (rows.isEmpty() && Sql.one(c, EXISTS, rs -> 1, id).isEmpty()) {
        throw WorkflowEngine.notFound(id);
      }
      return rows;
    });
  }

  @Override
  public CompletableFuture<List<WorkflowTaskInfo>> tasksAsync() {
    return engine.async(this::tasks);
  }

  @Override
  public void cancel() {
    engine.workflows().cancel(id);
  }

  @Override
  public CompletableFuture<Void> cancelAsync() {
    return engine.async(() -> {
      cancel();
      return null;
    });
  }

  @Override
  public boolean pause() {
    return engine.workflows().pause(id);
  }

  @Override
  public CompletableFuture<Boolean> pauseAsync() {
    return engine.async(this::pause);
  }

  @Override
  public boolean resume() {
    return engine.workflows().resume(id);
  }

  @Override
  public CompletableFuture<Boolean> resumeAsync() {
    return engine.async(this::resume);
  }

  private <R> R read(dev.gallop.internal.db.Db.Work<R> work) {
    try {
      return engine.db().read(work);
    } catch (SQLException e) {
      throw new WorkflowHandleException(
          WorkflowHandleException.Code.DB_OPERATION_FAILED,
          "reading workflow '" + id + "' failed: " + e.getMessage(),
          Transients.isTransient(e),
          id,
          e);
    }
  }

  @Override
  public String toString() {
    return "WorkflowHandle[" + id + "]";
  }
}
