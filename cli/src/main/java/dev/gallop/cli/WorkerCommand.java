package dev.gallop.cli;

import dev.gallop.Gallop;
import dev.gallop.GallopApplication;
import dev.gallop.worker.Worker;
import dev.gallop.worker.WorkerOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gallop worker}: runs an application's tasks until SIGTERM or SIGINT. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a worker for an application: a class implementing dev.gallop.GallopApplication that"
          + " registers its tasks and workflow definitions.",
      "On SIGTERM or Ctrl-C it stops claiming, hands back unstarted claims, lets running tasks"
          + " finish (up to --shutdown-drain) and exits 0."
    })
final class WorkerCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "APP", description = "Application class name")
  String app;

  @Option(
      names = "--classpath",
      paramLabel = "PATHS",
      description =
          "Where the application's classes are (jars or directories, ':'-separated; dir/* for every jar)")
  @Nullable String classpath;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description = "Execution slots; default the application's setting, else the CPU count")
  @Nullable Integer concurrency;

  @Option(
      names = "--queues",
      split = ",",
      paramLabel = "Q",
      description = "Queues to claim from (comma-separated); default all configured queues")
  @Nullable List<String> queues;

  @Option(
      names = "--shutdown-drain",
      paramLabel = "DURATION",
      description =
          "How long shutdown waits for running tasks, e.g. 30s, 2m (ISO-8601 PT30S works too)",
      converter = Durations.class)
  @Nullable Duration shutdownDrain;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description = "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics; default off")
  @Nullable Integer metricsPort;

  @Option(
      names = "--metrics-host",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description = "Interface for --metrics-port; default ${DEFAULT-VALUE}")
  String metricsHost = "127.0.0.1";

  @Mixin DbOptions db;

  @Override
  public Integer call() throws Exception {
    db.applyLogLevel("INFO");
    GallopApplication application = AppLoader.load(app, classpath);
    WorkerOptions.Builder ob = application.configureWorker(WorkerOptions.builder());
    if (concurrency != null) {
      ob.concurrency(concurrency);
    }
    if (queues != null) {
      ob.queues(queues.toArray(String[]::new));
    }
    if (shutdownDrain != null) {
      ob.shutdownDrain(shutdownDrain);
    }
    WorkerOptions options = ob.build();
    Gallop.Builder builder = db.apply(application.configure(Gallop.builder()));
    PrometheusMeterRegistry registry = null;
    if (metricsPort != null) {
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      builder.meterRegistry(registry);
    }
    Gallop gallop = builder.build();
    MetricsServer metrics = null;
    try {
      application.register(gallop);
      if (registry != null) {
        metrics = MetricsServer.start(metricsHost, metricsPort, registry);
      }
    } catch (RuntimeException e) {
      gallop.close();
      throw e;
    }
    Worker worker = gallop.worker(options).start();
    MetricsServer m = metrics;
    System.out.println(
        "gallop worker "
            + worker.workerId()
            + " running "
            + app
            + " with "
            + options.concurrency()
            + " slots on "
            + gallop.databaseDescription()
            + (m == null ? "" : "; metrics at " + m.url()));
    return UntilSignal.await(
        "worker",
        () -> {
          System.out.println("gallop worker " + worker.workerId() + ": shutting down");
          worker.close(); // stops claiming, hands back unstarted claims, drains running bodies
          if (m != null) {
            m.stop();
          }
          gallop.close();
          System.out.println("gallop worker " + worker.workerId() + ": stopped");
        });
  }
}
