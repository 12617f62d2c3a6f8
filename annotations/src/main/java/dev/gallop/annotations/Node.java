package dev.gallop.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A task node of a {@link Workflow @Workflow} interface: the method's name is the node id, its
 * return type the node's result type (equal to the task's {@code T}), its parameters bind the
 * task's inputs by name (see {@link From @From}, {@link Param @Param}, {@link Value @Value}).
 *
 * <pre>{@code
 * @Node(of = Orders.class)
 * Receipt charge(@From("validate") TaskResult<Order> order, @Value("EUR") String currency);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Node {
  /** The class holding the {@link Task @Task} method this node runs. */
  Class<?> of();

  /** That method's name. Default {@code ""}: this method's name. */
  String task() default "";

  /** Nodes this one waits for without taking their results (ordering-only edges). */
  String[] waitsFor() default {};

  /**
   * Nodes whose results the task reads through its {@code WorkflowContext} input; implies waiting.
   * The task must have a {@code WorkflowContext} parameter (GALLOP-010).
   */
  String[] ctxFrom() default {};

  /** The join rule. Default {@link Join#ALL}. */
  Join join() default Join.ALL;

  /**
   * Completed dependencies needed with {@link Join#QUORUM}, 1..number of dependencies. Default
   * {@code 0}: unset; required with QUORUM, forbidden otherwise (GALLOP-013).
   */
  int minSuccess() default 0;

  /** With {@link Join#ALL}: run even if a dependency failed or was skipped. Default false. */
  boolean allowFailedDeps() default false;

  /** Queue override for this node. Default {@code ""}: the task's queue. */
  String queue() default "";

  /** Priority override, 1..100 (GALLOP-015). Default {@code 0}: the task's or queue's. */
  int priority() default 0;

  /**
   * An ISO-8601 duration: the node's task must start within it of the workflow's start, else the
   * node fails with {@code TASK_EXPIRED}. Default {@code ""}: the task's own {@code goodFor}, if
   * any.
   */
  String goodFor() default "";
}
