package dev.gallop.processor;

import com.palantir.javapoet.ClassName;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runtime types by name (the processor has no runtime dependency), the built-in error codes, the
 * names generated code reserves, and name helpers ("did you mean", constant names).
 */
final class Names {
  static final String PKG = "dev.gallop";
  static final ClassName GALLOP = ClassName.get(PKG, "Gallop");
  static final ClassName TASK = ClassName.get(PKG + ".task", "Task");
  static final ClassName TASK_RESULT = ClassName.get(PKG + ".task", "TaskResult");
  static final ClassName TASK_HANDLE = ClassName.get(PKG + ".task", "TaskHandle");
  static final ClassName TASK_DESCRIPTOR = ClassName.get(PKG + ".task", "TaskDescriptor");
  static final ClassName TASK_CONTEXT = ClassName.get(PKG + ".task", "TaskContext");
  static final ClassName SEND_OPTIONS = ClassName.get(PKG + ".task", "SendOptions");
  static final ClassName RETRY_POLICY = ClassName.get(PKG + ".task", "RetryPolicy");
  static final ClassName TYPE_REF = ClassName.get(PKG + ".task", "TypeRef");
  static final ClassName WORKFLOW_CONTEXT = ClassName.get(PKG + ".workflow", "WorkflowContext");
  static final ClassName WORKFLOW_META = ClassName.get(PKG + ".workflow", "WorkflowMeta");
  static final ClassName WORKFLOW_FACTORY = ClassName.get(PKG + ".workflow", "WorkflowFactory");
  static final ClassName WORKFLOW_SPEC = ClassName.get(PKG + ".workflow", "WorkflowSpec");
  static final ClassName WORKFLOW_HANDLE = ClassName.get(PKG + ".workflow", "WorkflowHandle");
  static final ClassName WORKFLOW_DEFINITION =
      ClassName.get(PKG + ".workflow", "WorkflowDefinition");
  static final ClassName WORKFLOW_INFO = ClassName.get(PKG + ".workflow", "WorkflowInfo");
  static final ClassName WORKFLOW_STATUS = ClassName.get(PKG + ".workflow", "WorkflowStatus");
  static final ClassName WORKFLOW_TASK_INFO = ClassName.get(PKG + ".workflow", "WorkflowTaskInfo");
  static final ClassName WORKFLOW_NODE = ClassName.get(PKG + ".workflow", "WorkflowNode");
  static final ClassName NODE_KEY = ClassName.get(PKG + ".workflow", "NodeKey");
  static final ClassName TASK_NODE = ClassName.get(PKG + ".workflow", "TaskNode");
  static final ClassName SUB_WORKFLOW_NODE = ClassName.get(PKG + ".workflow", "SubWorkflowNode");
  static final ClassName JOIN_TYPE = ClassName.get(PKG + ".workflow", "JoinType");
  static final ClassName ON_ERROR = ClassName.get(PKG + ".workflow", "OnError");
  static final ClassName SUCCESS_POLICY = ClassName.get(PKG + ".workflow", "SuccessPolicy");
  static final ClassName SUCCESS_CASE = ClassName.get(PKG + ".workflow", "SuccessCase");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
  static final ClassName GENERATED_TASKS = ClassName.get(PKG + ".discovery", "GeneratedTasks");
  static final ClassName GENERATED_WORKFLOW =
      ClassName.get(PKG + ".discovery", "GeneratedWorkflow");

  static final String ANNOTATIONS = "dev.gallop.annotations.";

  /** The runtime's BuiltInCode names (a test keeps this list equal to the enum). */
  static final Set<String> BUILT_IN_CODES =
      Set.of(
          "UNHANDLED_EXCEPTION",
          "TASK_EXCEPTION",
          "WORKER_CRASHED",
          "BROKER_ERROR",
          "WORKER_RESOLUTION_ERROR",
          "WORKER_SERIALIZATION_ERROR",
          "RESULT_DESERIALIZATION_ERROR",
          "WORKFLOW_ENQUEUE_FAILED",
          "SUBWORKFLOW_LOAD_FAILED",
          "RETURN_TYPE_MISMATCH",
          "RESULT_HYDRATION_ERROR",
          "WORKFLOW_CTX_MISSING_ID",
          "WAIT_TIMEOUT",
          "TASK_NOT_FOUND",
          "WORKFLOW_NOT_FOUND",
          "RESULT_NOT_AVAILABLE",
          "RESULT_NOT_READY",
          "TASK_CANCELLED",
          "TASK_EXPIRED",
          "WORKFLOW_PAUSED",
          "WORKFLOW_FAILED",
          "WORKFLOW_CANCELLED",
          "UPSTREAM_SKIPPED",
          "SUBWORKFLOW_FAILED",
          "WORKFLOW_SUCCESS_CASE_NOT_MET");

  /** Methods of WorkflowHandle and Object that a node's handle method must not shadow. */
  static final Set<String> HANDLE_METHODS =
      Set.of(
          "workflowId",
          "status",
          "statusAsync",
          "info",
          "infoAsync",
          "get",
          "getAsync",
          "results",
          "resultsAsync",
          "resultFor",
          "resultForAsync",
          "tasks",
          "tasksAsync",
          "cancel",
          "cancelAsync",
          "pause",
          "pauseAsync",
          "resume",
          "resumeAsync",
          "hashCode",
          "equals",
          "toString",
          "getClass",
          "notify",
          "notifyAll",
          "wait",
          "clone",
          "finalize",
          "delegate");

  /** Constants of a generated workflow class that a node's key constant must not take. */
  static final Set<String> WORKFLOW_CONSTANTS = Set.of("KEY", "NAME", "DEFINITION");

  private Names() {}

  /** {@code fetchEu} -> {@code FETCH_EU}. */
  static String constant(String name) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(name.charAt(i - 1))) {
        b.append('_');
      }
      b.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
    }
    return b.toString();
  }

  /** {@code charge} -> {@code Charge}. */
  static String capitalized(String name) {
    return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
  }

  /** {@code ", did you mean 'x'?"} for the closest candidate within reach, else "". */
  static String didYouMean(String wrong, List<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(wrong.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, wrong.length() / 3)
        ? "; did you mean '" + best + "'?"
        : "";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
