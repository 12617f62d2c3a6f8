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
  /**
   * Registers this application's hand-written tasks and definitions on the engine; default none
   * (annotated tasks and workflows are discovered from the class path by {@code gallop worker}).
   */
  default void register(Gallop gallop) {}

  /**
   * An instance of a class with {@code @Task} methods, for discovered tasks whose class has no
   * public no-argument constructor (or that need wiring); default null, which falls back to that
   * constructor. The one method to write for such services:
   *
   * <pre>{@code
   * public Object service(Class<?> type) {
   *   return type == Billing.class ? new Billing(dataSource) : null;
   * }
   * }</pre>
   */
  default @org.jspecify.annotations.Nullable Object service(Class<?> type) {
    return null;
  }

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
