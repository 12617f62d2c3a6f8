package dev.gallop.error;

import java.util.List;

/**
 * An engine, queue, worker or task configuration is invalid. Raised when the configuration is built
 * or registered, naming the offending value.
 */
public class ConfigurationException extends ValidationException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String subject, List<ValidationProblem> problems) {
    super(subject, problems);
  }

  /** A configuration exception with one problem. */
  public static ConfigurationException of(int code, String message) {
    return new ConfigurationException(
        "configuration", List.of(ValidationProblem.of(code, message)));
  }
}
