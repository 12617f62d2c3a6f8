package dev.gallop.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One case of a workflow's success policy: {@code @SuccessCase({"report", "archive"})} is met when
 * all of these nodes completed. Non-empty, known node ids (GALLOP-012).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface SuccessCase {
  /** The node ids that must all complete. */
  String[] value();
}
