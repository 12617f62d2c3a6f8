package dev.gallop.worker;

import dev.gallop.Gallop;
import dev.gallop.GallopApplication;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runnable worker: {@code WorkerMain <application class> [concurrency]}. Builds the engine from the
 * environment (GALLOP_DATABASE_URL, else the embedded database), registers the application's tasks,
 * runs a worker until SIGTERM or SIGINT, then shuts down gracefully: stops claiming, hands back
 * unstarted claims, lets running bodies finish (up to the drain time) and exits 0.
 */
public final class WorkerMain {
  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: WorkerMain <fully.qualified.GallopApplication> [concurrency]");
      System.exit(2);
    }
    GallopApplication app;
    try {
      app = (GallopApplication) Class.forName(args[0]).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      System.err.println("cannot load GallopApplication '" + args[0] + "': " + e);
      System.exit(2);
      return;
    }
    WorkerOptions.Builder options = app.configureWorker(WorkerOptions.builder());
    if (args.length == 2) {
      try {
        options.concurrency(Integer.parseInt(args[1]));
      } catch (NumberFormatException e) {
        System.err.println("concurrency must be a whole number, was '" + args[1] + "'");
        System.exit(2);
      }
    }
    run(app, app.configure(Gallop.builder()), options.build());
  }

  /** Runs until the JVM is asked to stop. */
  static void run(GallopApplication app, Gallop.Builder builder, WorkerOptions options)
      throws InterruptedException {
    Gallop gallop = builder.build();
    app.register(gallop);
    Worker worker = gallop.worker(options).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.shutdown();
                  try {
                    worker.awaitTermination(options.shutdownDrain().plus(Duration.ofSeconds(5)));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  gallop.close();
                  stopped.countDown();
                },
                "gallop-shutdown-hook"));
    System.out.println(
        "gallop worker " + worker.workerId() + " running on " + gallop.databaseDescription());
    stopped.await();
  }
}
