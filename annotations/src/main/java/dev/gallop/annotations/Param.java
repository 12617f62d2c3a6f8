package dev.gallop.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a node parameter to a workflow parameter. A parameter with no annotation does the same by
 * its own name; {@code @Param("orderId") String id} names the workflow parameter explicitly. Its
 * type must be assignable to the input's type (GALLOP-025).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Param {
  /** The workflow parameter's name. Default {@code ""}: this parameter's name. */
  String value() default "";
}
