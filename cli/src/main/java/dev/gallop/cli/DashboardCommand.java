package dev.gallop.cli;

import dev.gallop.Gallop;
import dev.gallop.dashboard.Dashboard;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gallop dashboard}: serves the web dashboard until SIGTERM or Ctrl-C. */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the web dashboard (workflows with their DAG, tasks, queues, workers; pause, resume,"
          + " cancel) and Prometheus metrics at /metrics.",
      "Every API call needs the token; the printed link carries it. Binds to 127.0.0.1 unless"
          + " --host says otherwise."
    })
final class DashboardCommand implements Callable<Integer> {
  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Interface; default ${DEFAULT-VALUE}")
  String host = "127.0.0.1";

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port; default ${DEFAULT-VALUE}; 0 = any free port")
  int port = 8080;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "Access token (16+ of [A-Za-z0-9_-]); default GALLOP_DASHBOARD_TOKEN, else a random one")
  @Nullable String token;

  @Option(
      names = "--refresh",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = Durations.class,
      description = "How often open pages refresh; default ${DEFAULT-VALUE}")
  Duration refresh = Duration.ofSeconds(1);

  @Option(
      names = "--workflow",
      paramLabel = "ID",
      description = "Also print a one-click link (token included) to this workflow's page")
  @Nullable String workflow;

  @Mixin DbOptions db;

  @Override
  public Integer call() throws Exception {
    String t = token != null ? token : System.getenv("GALLOP_DASHBOARD_TOKEN");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Gallop gallop = db.clientBuilder().meterRegistry(registry).build();
    Dashboard.Builder b =
        Dashboard.builder(gallop)
            .host(host)
            .port(port)
            .refreshInterval(refresh)
            .meterRegistry(registry);
    if (t != null && !t.isBlank()) {
      b.token(t);
    }
    Dashboard dashboard;
    try {
      dashboard = b.build().start();
    } catch (RuntimeException e) {
      gallop.close();
      throw e;
    }
    System.out.println("Gallop dashboard on " + gallop.databaseDescription());
    System.out.println("Open: " + dashboard.browserUrl());
    if (workflow != null) {
      System.out.println("Workflow " + workflow + ": " + dashboard.browserUrl(workflow));
    }
    System.out.println("API token: " + dashboard.token() + "   (Ctrl-C stops the dashboard)");
    return UntilSignal.await(
        "dashboard",
        () -> {
          dashboard.close();
          gallop.close();
        });
  }
}
