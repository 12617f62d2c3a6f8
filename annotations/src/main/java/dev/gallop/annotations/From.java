package dev.gallop.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a node parameter to the whole result of an upstream node (a data edge, which implies
 * waiting): {@code @From("validate") TaskResult<Order> order}. The parameter's type is {@code
 * TaskResult<X>} with the upstream's result type assignable to {@code X} (GALLOP-024/025). Under an
 * {@code ANY} or {@code QUORUM} join it must be nullable ({@code @Nullable}), since a dependency
 * may not have finished.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface From {
  /** The upstream node's id (GALLOP-006 if unknown). */
  String value();
}
