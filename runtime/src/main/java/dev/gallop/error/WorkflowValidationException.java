package dev.gallop.error;

import java.util.List;

/** A workflow spec or definition failed validation when it was built; nothing was written. */
public class WorkflowValidationException extends ValidationException {
  private static final long serialVersionUID = 1L;

  public WorkflowValidationException(String subject, List<ValidationProblem> problems) {
    super(subject, problems);
  }
}
