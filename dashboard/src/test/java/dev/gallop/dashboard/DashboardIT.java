package dev.gallop.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.Gallop;
import dev.gallop.task.SendOptions;
import dev.gallop.task.Task;
import dev.gallop.task.TaskResult;
import dev.gallop.testing.IntegrationTest;
import dev.gallop.workflow.SubWorkflowNode;
import dev.gallop.workflow.TaskNode;
import dev.gallop.workflow.WorkflowDefinition;
import dev.gallop.workflow.WorkflowHandle;
import dev.gallop.workflow.WorkflowStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's HTTP surface: token, JSON API, actions, errors, metrics, static pages. */
class DashboardIT extends IntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final CountDownLatch release = new CountDownLatch(1);
  private PrometheusMeterRegistry registry;
  private Gallop engine;
  private Dashboard dashboard;
  private Task<Step, String> step;

  record Step(String label, boolean block) {}

  @BeforeEach
  void startDashboard() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    engine = newEngine(b -> b.meterRegistry(registry));
    step =
        engine
            .task("step", Step.class, String.class)
            .handler((in, ctx) -> {
              if (in.block()) {
                release.await(30, TimeUnit.SECONDS);
              }
              return TaskResult.ok("did " + in.label());
            });
    dashboard = Dashboard.builder(engine).port(0).meterRegistry(registry).build().start();
  }

  @AfterEach
  void stopDashboard() {
    release.countDown();
    dashboard.close();
  }

  @Test
  void everyApiCallAndMetricsNeedTheTokenButThePageDoesNot() throws Exception {
    assertThat(get("/api/workflows", null).statusCode()).isEqualTo(401);
    assertThat(get("/api/workflows", "wrong-token-wrong-token").statusCode()).isEqualTo(401);
    assertThat(post("/api/workflow/cancel?id=x", null).statusCode()).isEqualTo(401);
    assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
    assertThat(get("/api/workflows", dashboard.token()).statusCode()).isEqualTo(200);
    HttpResponse<String> page = get("/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<script src=\"/app.js\">");
    assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(dashboard.url()).startsWith("http://127.0.0.1:");
    assertThat(dashboard.browserUrl()).endsWith("#token=" + dashboard.token());
    assertThat(dashboard.token()).hasSizeGreaterThanOrEqualTo(16);
  }

  @Test
  void listsAndDrawsAWorkflowAndShowsANodeWithItsAttempts() throws Exception {
    TaskNode<String> a =
        TaskNode.of(step).input("label", "a").input("block", false).nodeId("a").build();
    TaskNode<String> b =
        TaskNode.of(step).input("label", "b").input("block", false).nodeId("b").waitsFor(a).build();
    startWorker(engine, fastWorker().build());
    engine.workflow("pair").nodes(a, b).build().start("wf-1").get(WAIT);

    JsonNode list =
        json(get("/api/workflows?status=completed&name=PAI&since=1h", dashboard.token()));
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("workflowId").asText()).isEqualTo("wf-1");
    assertThat(list.get(0).get("createdAt").asText()).endsWith("Z"); // ISO text, not epoch numbers

    JsonNode graph = json(get("/api/workflow?id=wf-1", dashboard.token()));
    assertThat(graph.get("workflow").get("status").asText()).isEqualTo("COMPLETED");
    assertThat(graph.get("nodes").get(1).get("dependencies").get(0).asInt()).isZero();

    JsonNode node = json(get("/api/workflow/node?id=wf-1&index=1", dashboard.token()));
    assertThat(node.get("node").get("result").get("ok").asBoolean()).isTrue();
    assertThat(node.get("node").get("result").get("value").asText()).isEqualTo("did b");
    assertThat(node.get("task").get("attempts").get(0).get("outcome").asText())
        .isEqualTo("COMPLETED");

    String taskId = node.get("node").get("taskId").asText();
    assertThat(json(get("/api/task?id=" + taskId, dashboard.token())).get("taskName").asText())
        .isEqualTo("step");
    assertThat(json(get("/api/tasks?workflow=wf-1", dashboard.token()))).hasSize(2);
    assertThat(json(get("/api/workers", dashboard.token())).get(0).get("alive").asBoolean())
        .isTrue();
    assertThat(json(get("/api/queues", dashboard.token())).get(0).get("name").asText())
        .isEqualTo("default");
  }

  @Test
  void aSubworkflowNodeIsDrawnAsOneAndLinksToItsChild() throws Exception {
    WorkflowDefinition<Step, String> leaf =
        engine.register(
            WorkflowDefinition.builder("test.leaf.v1", "leaf", Step.class, String.class)
                .sampleParameters(new Step("x", false))
                .build((wf, p) -> {
                  TaskNode<String> n =
                      TaskNode.of(step).input("label", p.label()).input("block", false).build();
                  return wf.workflow("leaf").nodes(n).output(n).build();
                }));
    SubWorkflowNode<String> child =
        SubWorkflowNode.of(leaf).inputs(new Step("inner", false)).nodeId("child").build();
    startWorker(engine, fastWorker().build());
    engine.workflow("parent").nodes(child).output(child).build().start("wf-parent").get(WAIT);

    JsonNode node = json(get("/api/workflow?id=wf-parent", dashboard.token())).get("nodes").get(0);
    assertThat(node.get("kind").asText()).isEqualTo("SUBWORKFLOW");
    String childId = node.get("subWorkflowId").asText();
    JsonNode detail =
        json(get("/api/workflow/node?id=wf-parent&index=0", dashboard.token())).get("node");
    assertThat(detail.get("subWorkflowId").asText()).isEqualTo(childId);
    assertThat(detail.get("subWorkflowSummary").get("status").asText()).isEqualTo("COMPLETED");
    JsonNode childGraph =
        json(
            get(
                "/api/workflow?id="
                    + java.net.URLEncoder.encode(childId, java.nio.charset.StandardCharsets.UTF_8),
                dashboard.token()));
    assertThat(childGraph.get("workflow").get("parentWorkflowId").asText()).isEqualTo("wf-parent");
    assertThat(
            json(get("/api/workflows?topLevel=true", dashboard.token()))
                .findValuesAsText("workflowId"))
        .containsExactly("wf-parent");
  }

  @Test
  void pauseResumeAndCancelGoThroughTheHandle() throws Exception {
    TaskNode<String> first =
        TaskNode.of(step).input("label", "1").input("block", true).nodeId("first").build();
    TaskNode<String> second =
        TaskNode.of(step).input("label", "2").input("block", false).waitsFor(first).build();
    startWorker(engine, fastWorker().build());
    WorkflowHandle<?> h = engine.workflow("held").nodes(first, second).build().start("wf-p");

    JsonNode paused = json(post("/api/workflow/pause?id=wf-p", dashboard.token()));
    assertThat(paused.get("changed").asBoolean()).isTrue();
    assertThat(paused.get("status").asText()).isEqualTo("PAUSED");
    assertThat(
            json(post("/api/workflow/pause?id=wf-p", dashboard.token())).get("changed").asBoolean())
        .isFalse();
    assertThat(json(post("/api/workflow/resume?id=wf-p", dashboard.token())).get("status").asText())
        .isEqualTo("RUNNING");
    assertThat(json(post("/api/workflow/cancel?id=wf-p", dashboard.token())).get("status").asText())
        .isEqualTo("CANCELLED");
    assertThat(h.status()).isEqualTo(WorkflowStatus.CANCELLED);
    assertThat(post("/api/workflow/pause?id=none", dashboard.token()).statusCode()).isEqualTo(404);
  }

  @Test
  void idsWithSlashesAndQueryCharactersWork() throws Exception {
    String id = "order/42 ?&#=é";
    String q = java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
    TaskNode<String> a =
        TaskNode.of(step).input("label", "a").input("block", true).nodeId("a").build();
    startWorker(engine, fastWorker().build());
    engine.workflow("odd").nodes(a).build().start(id);
    assertThat(
            json(get("/api/workflow?id=" + q, dashboard.token()))
                .get("workflow")
                .get("workflowId")
                .asText())
        .isEqualTo(id);
    assertThat(json(post("/api/workflow/cancel?id=" + q, dashboard.token())).get("status").asText())
        .isEqualTo("CANCELLED");
    assertThat(json(get("/api/workflow", dashboard.token())).get("error").asText())
        .isEqualTo("id is required");
  }

  @Test
  void badParametersAreRefusedNamingTheValueAndUnknownIdsAre404() throws Exception {
    HttpResponse<String> bad = get("/api/workflows?status=DONE", dashboard.token());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("error").asText()).contains("'DONE'").contains("COMPLETED");
    assertThat(json(get("/api/tasks?limit=0", dashboard.token())).get("error").asText())
        .isEqualTo("limit must be a whole number 1..1000, was '0'");
    assertThat(json(get("/api/workflows?since=yesterday", dashboard.token())).get("error").asText())
        .contains("'yesterday'");
    assertThat(get("/api/workflow?id=nope", dashboard.token()).statusCode()).isEqualTo(404);
    assertThat(get("/api/task?id=nope", dashboard.token()).statusCode()).isEqualTo(404);
    assertThat(get("/api/workflow/node?id=nope&index=x", dashboard.token()).statusCode())
        .isEqualTo(400);
  }

  @Test
  void metricsExposeEngineCountersAndDatabaseGauges() throws Exception {
    startWorker(engine, fastWorker().build());
    step.send(new Step("m", false), SendOptions.withId("m1")).get(WAIT);
    step.send(new Step("later", false), SendOptions.none().delay(Duration.ofHours(1)));
    await()
        .atMost(WAIT)
        .untilAsserted(() -> {
          String text = get("/metrics", dashboard.token()).body();
          assertThat(text)
              .contains("gallop_tasks_completed_total{queue=\"default\",task=\"step\"} 1.0")
              .contains("gallop_tasks_enqueued_total{queue=\"default\",task=\"step\"} 2.0")
              .contains("gallop_queue_tasks{queue=\"default\",state=\"scheduled\"} 1.0")
              .contains("gallop_workers_alive 1.0")
              .contains("gallop_task_duration_seconds_bucket");
        });
  }

  @Test
  void aWorkflowPageStreamsItsGraphAsServerSentEventsUntilTheWorkflowEnds() throws Exception {
    TaskNode<String> held =
        TaskNode.of(step).input("label", "held").input("block", true).nodeId("held").build();
    TaskNode<String> next =
        TaskNode.of(step).input("label", "next").input("block", false).waitsFor(held).build();
    startWorker(engine, fastWorker().build());
    WorkflowHandle<?> h = engine.workflow("streamed").nodes(held, next).build().start("wf-sse");
    await().atMost(WAIT).until(() -> h.tasks().get(0).status().name().equals("RUNNING"));

    HttpResponse<java.util.stream.Stream<String>> res =
        http.send(
            HttpRequest.newBuilder(URI.create(dashboard.url() + "api/workflow/events?id=wf-sse"))
                .header("Authorization", "Bearer " + dashboard.token())
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.List<String> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread reader =
        Thread.ofVirtual()
            .start(() -> {
              String event = null;
              for (String line : (Iterable<String>) res.body()::iterator) {
                if (line.startsWith("event: ")) {
                  event = line.substring(7);
                  events.add(event);
                } else if (line.startsWith("data: ") && "graph".equals(event)) {
                  try {
                    statuses.add(JSON.readTree(line.substring(6)).at("/workflow/status").asText());
                  } catch (Exception e) {
                    statuses.add("unreadable: " + e);
                  }
                }
              }
            });
    await().atMost(WAIT).until(() -> statuses.contains("RUNNING"));
    release.countDown(); // the change happens after the stream opened: it must be pushed
    reader.join(WAIT.toMillis());
    assertThat(reader.isAlive()).as("the stream ends after a terminal status").isFalse();
    assertThat(statuses).first().isEqualTo("RUNNING");
    assertThat(statuses).last().isEqualTo("COMPLETED");
    assertThat(events).last().isEqualTo("end");
  }

  @Test
  void everyErrorIsJsonAndAnUnknownWorkflowStreamIs404() throws Exception {
    for (String path :
        java.util.List.of(
            "/api/workflow?id=nope", "/api/workflow/events?id=nope", "/api/nothing", "/nothing")) {
      HttpResponse<String> r = get(path, dashboard.token());
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.headers().firstValue("Content-Type"))
          .as(path)
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    }
    assertThat(json(get("/api/workflow?id=nope", dashboard.token())).get("error").asText())
        .isEqualTo("no workflow 'nope'");
    HttpResponse<String> wrongMethod = post("/api/workflows", dashboard.token());
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(json(wrongMethod).get("error").asText()).contains("POST");
    assertThat(json(get("/api/workflows", null)).get("error").asText()).contains("token");
  }

  @Test
  void aDeepLinkCarriesTheWorkflowIdAndTheToken() {
    assertThat(dashboard.browserUrl("order/42 x"))
        .isEqualTo(dashboard.url() + "#/workflow/order%2F42%20x&token=" + dashboard.token());
  }

  @Test
  void aConfiguredTokenMustBeLongEnough() {
    assertThatThrownBy(() -> Dashboard.builder(engine).token("short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 16 characters")
        .hasMessageContaining("was 5 characters");
    assertThatThrownBy(() -> Dashboard.builder(engine).port(70000))
        .hasMessage("port must be 0..65535, was 70000");
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(dashboard.url() + path.substring(1))).GET(), token);
  }

  private HttpResponse<String> post(String path, String token) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(dashboard.url() + path.substring(1)))
            .POST(HttpRequest.BodyPublishers.noBody()),
        token);
  }

  private HttpResponse<String> send(HttpRequest.Builder b, String token) throws Exception {
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }
}
