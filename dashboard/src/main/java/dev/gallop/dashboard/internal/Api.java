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
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The JSON API. Reads go through {@link Monitor}; actions through {@link WorkflowActions}, that is
 * the public workflow handle. Query parameters are parsed by {@link Params}, which names a bad
 * value in its 400 answer. Ids travel as query parameters: they may contain '/', which a path
 * segment cannot carry.
 */
final class Api {
  /** A route: answers the exchange or throws (HttpError, IllegalArgumentException, ...). */
  @FunctionalInterface
  private interface Route {
    void handle(Exchange x) throws Exception;
  }

  private static final long KEEP_ALIVE_MILLIS = 15_000;

  private final Gallop gallop;
  private final Monitor monitor;
  private final DbGauges gauges;
  private final PrometheusMeterRegistry registry;
  private final long refreshMillis;
  private final Map<String, Route> routes = new HashMap<>();
  private final CountDownLatch closed = new CountDownLatch(1);

  Api(Gallop gallop, DbGauges gauges, PrometheusMeterRegistry registry, long refreshMillis) {
    this.gallop = gallop;
    this.monitor = gallop.monitor();
    this.gauges = gauges;
    this.registry = registry;
    this.refreshMillis = refreshMillis;
    get("/api/config", x -> x.json(200, Map.of("refreshMillis", refreshMillis)));
    get("/api/workflows", this::workflows);
    get("/api/workflow", x -> x.json(200, graph(Params.required("id", x.query("id")))));
    get("/api/workflow/events", this::events);
    get("/api/workflow/node", this::node);
    for (WorkflowActions.Action a : WorkflowActions.Action.values()) {
      routes.put("POST /api/workflow/" + a.word(), x -> act(x, a));
    }
    get("/api/tasks", this::tasks);
    get("/api/task", this::task);
    get("/api/queues", x -> x.json(200, monitor.queues()));
    get("/api/workers", x -> x.json(200, monitor.workers()));
    get(
        "/metrics",
        x -> {
          gauges.refresh();
          x.text(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
        });
  }

  private void get(String path, Route r) {
    routes.put("GET " + path, r);
  }

  void handle(Exchange x) throws Exception {
    Route r = routes.get(x.method() + " " + x.path());
    if (r == null) {
      boolean otherMethod =
          routes.containsKey("GET " + x.path()) || routes.containsKey("POST " + x.path());
      throw otherMethod
          ? new HttpError(405, x.method() + " is not allowed on " + x.path())
          : new HttpError(404, "no API '" + x.path() + "'");
    }
    r.handle(x);
  }

  /** Ends open event streams (they close within one refresh interval). */
  void close() {
    closed.countDown();
  }

  private WorkflowGraph graph(String id) {
    return monitor.graph(id).orElseThrow(() -> HttpError.notFound("workflow", id));
  }

  private void workflows(Exchange x) throws IOException {
    WorkflowQuery q =
        WorkflowQuery.recent()
            .withStatuses(Params.statuses(x.query("status"), WorkflowStatus.class))
            .withNameContains(x.query("name"))
            .withCreatedAfter(Params.since(x.query("since")))
            .withCreatedBefore(Params.instant("until", x.query("until")))
            .withTopLevelOnly("true".equals(x.query("topLevel")))
            .withLimit(Params.limit(x.query("limit")));
    x.json(200, monitor.workflows(q));
  }

  /**
   * Server-Sent Events for one workflow page: a {@code graph} event at once and after every change
   * (statuses, timings, child links), checked every refresh interval with one query; comments keep
   * an idle stream open; an {@code end} event follows the graph of a terminal workflow, and {@code
   * gone} one that was deleted (retention). An unknown id is a 404 before the stream opens.
   */
  private void events(Exchange x) throws Exception {
    String id = Params.required("id", x.query("id"));
    WorkflowGraph last = graph(id);
    x.startEvents();
    x.event("graph", last);
    long quietSince = System.nanoTime();
    while (!last.workflow().status().isTerminal()) {
      if (closed.await(refreshMillis, TimeUnit.MILLISECONDS)) {
        break;
      }
      Optional<WorkflowGraph> now = monitor.graph(id);
      if (now.isEmpty()) {
        x.event("gone", Map.of("workflowId", id));
        break;
      }
      if (!now.get().equals(last)) {
        last = now.get();
        x.event("graph", last);
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince
          > TimeUnit.MILLISECONDS.toNanos(KEEP_ALIVE_MILLIS)) {
        x.keepAlive();
        quietSince = System.nanoTime();
      }
    }
    if (last.workflow().status().isTerminal()) {
      x.event("end", Map.of("status", last.workflow().status()));
    }
    x.end();
  }

  private void node(Exchange x) throws IOException {
    String id = Params.required("id", x.query("id"));
    int index =
        Params.integer("index", Params.required("index", x.query("index")), 0, Integer.MAX_VALUE);
    WorkflowTaskInfo n =
        monitor.node(id, index).orElseThrow(() -> HttpError.notFound("node", id + "/" + index));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("node", JsonViews.node(n));
    Optional<TaskInfo> task = n.taskId() == null ? Optional.empty() : monitor.task(n.taskId());
    out.put("task", task.orElse(null));
    x.json(200, out);
  }

  private void act(Exchange x, WorkflowActions.Action action) throws IOException {
    String id = Params.required("id", x.query("id"));
    WorkflowActions.Outcome o = WorkflowActions.apply(gallop.workflowHandle(id), action);
    x.json(200, Map.of("workflowId", id, "changed", o.changed(), "status", o.status()));
  }

  private void tasks(Exchange x) throws IOException {
    TaskQuery q =
        TaskQuery.recent()
            .withStatuses(Params.statuses(x.query("status"), TaskStatus.class))
            .withTaskName(x.query("name"))
            .withQueue(x.query("queue"))
            .withWorkflowId(x.query("workflow"))
            .withLimit(Params.limit(x.query("limit")));
    x.json(200, monitor.tasks(q));
  }

  private void task(Exchange x) throws IOException {
    String id = Params.required("id", x.query("id"));
    x.json(200, monitor.task(id).orElseThrow(() -> HttpError.notFound("task", id)));
  }
}
