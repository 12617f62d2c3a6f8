package dev.gallop.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a node parameter to a constant: {@code @Value("EUR") String currency}. Allowed for {@code
 * String}, {@code boolean}, the primitive numbers, their boxes, and enum constants by name; the
 * literal must parse as the parameter's type (GALLOP-025).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Value {
  /** The literal. */
  String value();
}
