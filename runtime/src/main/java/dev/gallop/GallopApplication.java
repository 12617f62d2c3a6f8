package dev.gallop;

/**
 * An application's task registrations, loadable by name so that the worker entry point (and later
 * the command-line tools) can run them:
 *
 * <pre>{@code
 * public final class Billing implements GallopApplication {
 *   public void register(Gallop gallop) {
 *     gallop.task("invoice", Invoice.class, String.class).handler(...);
 *   }
 * }
 * // java -cp app.jar:gallop-runtime.jar dev.gallop.worker.WorkerMain com.example.Billing
 * }</pre>
 *
 * <p>Implementations need a public no-argument constructor.
 */
public interface GallopApplication {
  /** Registers this application's tasks on the engine. */
  void register(Gallop gallop);

  /** Engine configuration (queues, caps, mappers) applied before registration; default none. */
  default Gallop.Builder configure(Gallop.Builder builder) {
    return builder;
  }

  /**
   * Worker settings for {@code WorkerMain} (heartbeats, thresholds, claim batch); default the
   * specification's defaults. The command line's concurrency argument is applied after this.
   */
  default dev.gallop.worker.WorkerOptions.Builder configureWorker(
      dev.gallop.worker.WorkerOptions.Builder builder) {
    return builder;
  }
}
