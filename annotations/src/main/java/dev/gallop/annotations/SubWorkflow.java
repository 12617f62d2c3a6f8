package dev.gallop.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A subworkflow node: runs the workflow declared by the interface {@link #value()} as one node. Its
 * parameters bind the child's {@link Workflow @Workflow} parameters by name; its return type is the
 * child's output type. Join and wait attributes are as on {@link Node @Node}.
 *
 * <p>Declared here so that interfaces can name it; the processor's support for it is not built yet,
 * and it reports a use of it as an error rather than ignoring it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface SubWorkflow {
  /** The child workflow's interface. */
  Class<?> value();

  /** Ordering-only edges, as on {@link Node#waitsFor()}. */
  String[] waitsFor() default {};

  /** Context edges, as on {@link Node#ctxFrom()}. */
  String[] ctxFrom() default {};

  /** The join rule. Default {@link Join#ALL}. */
  Join join() default Join.ALL;

  /** As {@link Node#minSuccess()}. */
  int minSuccess() default 0;

  /** As {@link Node#allowFailedDeps()}. */
  boolean allowFailedDeps() default false;
}
