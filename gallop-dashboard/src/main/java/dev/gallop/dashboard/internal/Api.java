package dev.gallop.dashboard.internal;

import dev.gallop.Gallop;
import dev.gallop.dashboard.JsonViews;
import dev.gallop.dashboard.WorkflowActions;
import dev.gallop.monitor.Monitor;
import dev.gallop.monitor.TaskQuery;
import dev.gallop.monitor.WorkflowGraph;
import dev.gallop.monitor.WorkflowQuery;
import dev.gallop.task.TaskInfo;
import dev.gallop.task.TaskStatus;
import dev.gallop.workflow.WorkflowStatus;
import dev.gallop.workflow.WorkflowTaskInfo;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON API. Reads go through {@link Monitor}; actions through {@link WorkflowActions}, that is
 * the public workflow handle. Query parameters are parsed by {@link Params}, which names a bad
 * value in its 400 answer.
 */
final class Api {
  private final Gallop gallop;
  private final Monitor monitor;
  private final DbGauges gauges;
  private final PrometheusMeterRegistry registry;
  private final long refreshMillis;

  Api(Gallop gallop, DbGauges gauges, PrometheusMeterRegistry registry, long refreshMillis) {
    this.gallop = gallop;
    this.monitor = gallop.monitor();
    this.gauges = gauges;
    this.registry = registry;
    this.refreshMillis = refreshMillis;
  }

  void routes(RoutesConfig r) {
    r.get("/api/config", ctx -> ctx.json(Map.of("refreshMillis", refreshMillis)));
    r.get("/api/workflows", this::workflows);
    // ids travel as query parameters: they may contain '/', which a path segment cannot carry
    r.get("/api/workflow", this::workflow);
    r.get("/api/workflow/node", this::node);
    for (WorkflowActions.Action a : WorkflowActions.Action.values()) {
      r.post("/api/workflow/" + a.word(), ctx -> act(ctx, a));
    }
    r.get("/api/tasks", this::tasks);
    r.get("/api/task", this::task);
    r.get("/api/queues", ctx -> ctx.json(monitor.queues()));
    r.get("/api/workers", ctx -> ctx.json(monitor.workers()));
    r.get(
        "/metrics",
        ctx -> {
          gauges.refresh();
          ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
        });
  }

  private void workflows(Context ctx) {
    WorkflowQuery q =
        WorkflowQuery.recent()
            .withStatuses(Params.statuses(ctx.queryParam("status"), WorkflowStatus.class))
            .withNameContains(ctx.queryParam("name"))
            .withCreatedAfter(Params.since(ctx.queryParam("since")))
            .withCreatedBefore(Params.instant("until", ctx.queryParam("until")))
            .withTopLevelOnly("true".equals(ctx.queryParam("topLevel")))
            .withLimit(Params.limit(ctx.queryParam("limit")));
    ctx.json(monitor.workflows(q));
  }

  private void workflow(Context ctx) {
    String id = Params.required("id", ctx.queryParam("id"));
    WorkflowGraph g = monitor.graph(id).orElseThrow(() -> notFound("workflow", id));
    ctx.json(g);
  }

  private void node(Context ctx) {
    String id = Params.required("id", ctx.queryParam("id"));
    int index =
        Params.integer(
            "index", Params.required("index", ctx.queryParam("index")), 0, Integer.MAX_VALUE);
    WorkflowTaskInfo n =
        monitor.node(id, index).orElseThrow(() -> notFound("node", id + "/" + index));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("node", JsonViews.node(n));
    Optional<TaskInfo> task = n.taskId() == null ? Optional.empty() : monitor.task(n.taskId());
    out.put("task", task.orElse(null));
    ctx.json(out);
  }

  private void act(Context ctx, WorkflowActions.Action action) {
    String id = Params.required("id", ctx.queryParam("id"));
    WorkflowActions.Outcome o = WorkflowActions.apply(gallop.workflowHandle(id), action);
    ctx.json(Map.of("workflowId", id, "changed", o.changed(), "status", o.status()));
  }

  private void tasks(Context ctx) {
    TaskQuery q =
        TaskQuery.recent()
            .withStatuses(Params.statuses(ctx.queryParam("status"), TaskStatus.class))
            .withTaskName(ctx.queryParam("name"))
            .withQueue(ctx.queryParam("queue"))
            .withWorkflowId(ctx.queryParam("workflow"))
            .withLimit(Params.limit(ctx.queryParam("limit")));
    ctx.json(monitor.tasks(q));
  }

  private void task(Context ctx) {
    String id = Params.required("id", ctx.queryParam("id"));
    ctx.json(monitor.task(id).orElseThrow(() -> notFound("task", id)));
  }

  private static NotFoundResponse notFound(String what, String id) {
    return new NotFoundResponse("no " + what + " '" + id + "'");
  }
}
