package dev.gallop.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Maps an exception class thrown by a {@link Task @Task} method to a user error code:
 * {@code @MapException(type = TimeoutException.class, code = "GATEWAY_TIMEOUT")}. The class must
 * match exactly (subclasses do not). A built-in code is GALLOP-212.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface MapException {
  /** The exception class. */
  Class<? extends Throwable> type();

  /** The user error code it becomes; not a built-in code (GALLOP-212). */
  String code();
}
