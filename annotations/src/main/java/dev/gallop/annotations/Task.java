package dev.gallop.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a Gallop task: a method (instance or static, not private, not generic, not abstract) of
 * a top-level or static nested class, returning {@code TaskResult<T>}.
 *
 * <p>The method's parameters are the task's named inputs. Parameters of type {@code TaskContext},
 * {@code WorkflowContext} or {@code WorkflowMeta} are filled by the worker and are not inputs. An
 * input of type {@code Optional<...>} or annotated {@code @Nullable} may be left unbound by a
 * workflow node. Checked exceptions may be thrown; they are mapped to error codes by {@link
 * #mapExceptions()}, then {@link #defaultErrorCode()}, then {@code UNHANDLED_EXCEPTION}.
 *
 * <p>For a class {@code Orders}, the processor generates {@code OrdersTasks} with an input record
 * and a typed descriptor per task, {@code register(gallop, impl)}, and typed sends.
 *
 * <pre>{@code
 * @Task(value = "orders.charge", queue = "payments", retry = @Retry(max = 3, initial = "PT1S"))
 * public TaskResult<Receipt> charge(TaskResult<Order> order, String currency) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Task {
  /**
   * The task name, required and non-blank (GALLOP-102 otherwise), unique within its class
   * (GALLOP-301) and, at run time, within an engine. It is stored with every task row, so it is
   * never derived from a Java name that a refactoring could change.
   */
  String value();

  /**
   * The queue its rows go to. Default {@code ""}: the engine's default queue (DEFAULT queue mode).
   * Whether the queue exists is checked at run time ({@code GALLOP-014}) and by {@code gallop
   * check}.
   */
  String queue() default "";

  /**
   * Priority of its rows within the queue, 1 (most urgent) to 100. Default {@code 0}: unset, the
   * queue's priority. Outside 1..100 is GALLOP-015.
   */
  int priority() default 0;

  /**
   * An ISO-8601 duration ({@code "PT10M"}): a send must start within it, else the task expires.
   * Default {@code ""}: no deadline. An unparsable value is GALLOP-102.
   */
  String goodFor() default "";

  /** The retry policy. Default {@code @Retry(max = 0)}: no retries, every error is final. */
  Retry retry() default @Retry(max = 0);

  /**
   * Exception classes mapped to user error codes (exact class match). A built-in code is
   * GALLOP-212. Default: none.
   */
  MapException[] mapExceptions() default {};

  /**
   * The code of exceptions no mapping names. Default {@code ""}: {@code UNHANDLED_EXCEPTION}. A
   * built-in code other than {@code UNHANDLED_EXCEPTION} is GALLOP-212.
   */
  String defaultErrorCode() default "";
}
