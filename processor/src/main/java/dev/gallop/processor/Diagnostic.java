package dev.gallop.processor;

import java.util.Locale;

/**
 * Every message the processor can report, with its {@code GALLOP-xxx} code: the same code the
 * runtime's validator gives for the same mistake (errors.md §3), and codes 4xx for mistakes only
 * the annotations can make. {@code docs/annotations.md} lists them all; each has a compile-testing
 * test asserting its code, file and line.
 */
enum Diagnostic {
  BLANK_WORKFLOW_NAME(1, "workflow name must be non-blank"),
  NO_NODES(2, "workflow '%s' has no nodes: declare @Node methods in %s"),
  INVALID_NODE_ID(3, "node id '%s' is invalid: use [A-Za-z0-9_-:.], at most 128 characters"),
  DUPLICATE_NODE(4, "duplicate node id '%s': node methods cannot be overloaded"),
  NO_ROOT(5, "workflow '%s' has no root: every node waits for another"),
  UNKNOWN_NODE(6, "%s names unknown node '%s'%s"),
  CYCLE(7, "cycle: %s"),
  CTX_WITHOUT_CONTEXT(
      10, "ctxFrom on node '%s', but task '%s' has no WorkflowContext parameter to read it"),
  UNKNOWN_OUTPUT(11, "output names unknown node '%s'%s"),
  MISSING_OUTPUT(11, "output is required: the workflow returns %s; name the node that produces it"),
  BAD_SUCCESS_POLICY(12, "%s"),
  BAD_JOIN(13, "%s"),
  BAD_PRIORITY(15, "priority must be 1..100, was %d"),
  BLANK_WORKFLOW_KEY(16, "workflow key must be non-blank: it is stored with every run"),
  UNKNOWN_INPUT(19, "task '%s' has no input '%s'%s; inputs: %s"),
  UNBOUND_INPUT(
      20,
      "input '%s' of task '%s' is not bound: add a parameter '%s' to node '%s' (or make the input"
          + " Optional or @Nullable)"),
  TYPE_MISMATCH(24, "%s"),
  RESULT_TYPE_MISMATCH(25, "%s"),
  VALUE_NOT_EXPRESSIBLE(
      31,
      "@Value cannot express a %s: use String, boolean, a primitive number, its box, or an enum"),
  NOT_TASK_RESULT(101, "a @Task method must return TaskResult<T>, was %s"),
  BAD_TASK_OPTION(102, "%s"),
  BUILT_IN_CODE(212, "'%s' is a built-in error code: a %s must be a user code"),
  DUPLICATE_TASK_NAME(301, "task name '%s' is used twice in %s (also by %s)"),
  NOT_AN_INTERFACE(401, "@%s must be on a method of an interface; %s is not one"),
  TWO_WORKFLOW_METHODS(402, "an interface declares one workflow; '%s' already is its @Workflow"),
  NODE_WITH_BODY(403, "node method '%s' must be abstract: the processor implements the workflow"),
  BAD_TASK_METHOD(404, "@Task method '%s' must not be %s"),
  NAME_CLASH(405, "%s"),
  NO_SUCH_TASK(406, "%s has no @Task method '%s'%s"),
  NOT_A_NODE(407, "method '%s' of a workflow interface needs @Node, @SubWorkflow or @Workflow"),
  NOT_NULLABLE(
      408,
      "parameter '%s' takes the result of '%s' under a %s join, which runs before every"
          + " dependency has finished: annotate it @Nullable"),
  NOT_SUPPORTED_YET(409, "%s"),
  CONFLICTING_BINDINGS(410, "parameter '%s' takes one of @From, @Param and @Value, not %s"),
  NO_WORKFLOW(411, "@Workflow method missing: interface %s declares nodes but no workflow"),
  UNKNOWN_PARAMETER(412, "workflow '%s' has no parameter '%s'%s; parameters: %s"),
  UNRESOLVED_TYPE(413, "%s could not be resolved: %s"),
  NOT_A_WORKFLOW(
      414, "@SubWorkflow(%s.class): %s is not a workflow interface (no @Workflow method)"),
  UNKNOWN_CHILD_PARAMETER(22, "child workflow '%s' has no parameter '%s'%s; parameters: %s"),
  UNBOUND_CHILD_PARAMETER(
      23, "parameter '%s' of child workflow '%s' is not bound: add a parameter '%s' to node '%s'"),
  VERBOSE(0, "%s");

  private final int code;
  private final String format;

  Diagnostic(int code, String format) {
    this.code = code;
    this.format = format;
  }

  /** The code, {@code GALLOP-007}. */
  String code() {
    return String.format(Locale.ROOT, "GALLOP-%03d", code);
  }

  /** The full message: code, then the formatted text. */
  String format(Object... args) {
    String text = String.format(Locale.ROOT, format, args);
    return this == VERBOSE ? "gallop: " + text : code() + ": " + text;
  }
}
