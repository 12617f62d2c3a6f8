package dev.gallop.error;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when validation finds problems. All problems found in one pass are reported together;
 * nothing has been written to the database. Never retryable.
 */
public class ValidationException extends GallopException {
  private static final long serialVersionUID = 1L;
  private final transient List<ValidationProblem> problems;

  public ValidationException(String subject, List<ValidationProblem> problems) {
    super(describe(subject, problems), false, null);
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in the order they were found. Never empty. */
  public List<ValidationProblem> problems() {
    return problems;
  }

  /** The distinct codes of {@link #problems()}, for example {@code [GALLOP-005, GALLOP-007]}. */
  public List<String> codes() {
    return problems.stream().map(ValidationProblem::code).distinct().toList();
  }

  /** True when a problem with this numeric code was found. */
  public boolean hasCode(int code) {
    return codes().contains(ValidationProblem.format(code));
  }

  private static String describe(String subject, List<ValidationProblem> problems) {
    return subject
        + " is invalid ("
        + problems.size()
        + " problem"
        + (problems.size() == 1 ? "" : "s")
        + "):\n"
        + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
  }
}
