package dev.gallop.error;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One problem found while validating a workflow spec, a task or a configuration.
 *
 * @param code the validation code, {@code GALLOP-} and three digits (for example {@code
 *     GALLOP-007})
 * @param message a sentence naming the offending value
 * @param location where the problem is (workflow name, node index and id, input name), or null
 * @param hint how to fix it, or null
 */
public record ValidationProblem(
    String code, String message, @Nullable String location, @Nullable String hint) {
  public ValidationProblem {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  /** A problem without location or hint. */
  public static ValidationProblem of(int code, String message) {
    return new ValidationProblem(format(code), message, null, null);
  }

  /** A problem at a location. */
  public static ValidationProblem at(int code, String location, String message) {
    return new ValidationProblem(format(code), message, location, null);
  }

  /** Formats a numeric code as {@code GALLOP-nnn}. */
  public static String format(int code) {
    return String.format("GALLOP-%03d", code);
  }

  @Override
  public String toString() {
    return code
        + (location == null ? "" : " [" + location + "]")
        + ": "
        + message
        + (hint == null ? "" : " (hint: " + hint + ")");
  }
}
