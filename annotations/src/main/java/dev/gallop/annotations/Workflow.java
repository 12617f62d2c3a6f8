package dev.gallop.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the one abstract method of an interface that is a workflow's signature. Every other
 * abstract method of the interface is a node ({@link Node @Node} or {@link
 * SubWorkflow @SubWorkflow}). The user never implements the interface: the processor generates
 * {@code <Interface>Workflow} with {@code NodeKey} constants, the {@code WorkflowDefinition},
 * {@code spec(gallop, params...)} and a typed {@code Handle}.
 *
 * <p>The method's parameters are the workflow's parameters (node parameters without {@link
 * From @From} or {@link Value @Value} bind to them by name). Its return type is the output node's
 * result type, or {@code void} for a workflow without output, whose {@code get()} returns the map
 * of sink results.
 *
 * <pre>{@code
 * public interface Checkout {
 *   @Workflow(key = "shop.checkout.v1", output = "confirm", onError = OnError.PAUSE)
 *   Sent checkout(String orderId, String email);
 *   ...
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Workflow {
  /**
   * The stable definition key, stored with every run: keep it across deployments and change it
   * (e.g. a {@code .v2} suffix) when the graph changes incompatibly. Required, non-blank
   * (GALLOP-016).
   */
  String key();

  /** The workflow's name. Default {@code ""}: the method's name. Blank after trim is GALLOP-001. */
  String name() default "";

  /**
   * The id of the node whose result {@code get()} returns. Required unless the method returns
   * {@code void} (GALLOP-031 on a type mismatch, GALLOP-011 for an unknown node).
   */
  String output() default "";

  /** The error policy. Default {@link OnError#FAIL}. */
  OnError onError() default OnError.FAIL;

  /**
   * The success policy: the workflow completes if every node of at least one case completed.
   * Default none: it completes when no node failed without recovery.
   */
  SuccessCase[] success() default {};

  /** Nodes whose failure does not count against the success policy (GALLOP-012). Default none. */
  String[] optional() default {};
}
