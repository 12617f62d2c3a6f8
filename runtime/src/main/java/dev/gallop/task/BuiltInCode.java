package dev.gallop.task;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Gallop's built-in task error codes. Every name here is reserved: user codes may not use it. */
public enum BuiltInCode implements ErrorCode {
  UNHANDLED_EXCEPTION,
  TASK_EXCEPTION,
  WORKER_CRASHED,
  BROKER_ERROR,
  WORKER_RESOLUTION_ERROR,
  WORKER_SERIALIZATION_ERROR,
  RESULT_DESERIALIZATION_ERROR,
  WORKFLOW_ENQUEUE_FAILED,
  SUBWORKFLOW_LOAD_FAILED,
  RETURN_TYPE_MISMATCH,
  RESULT_HYDRATION_ERROR,
  WORKFLOW_CTX_MISSING_ID,
  WAIT_TIMEOUT,
  TASK_NOT_FOUND,
  WORKFLOW_NOT_FOUND,
  RESULT_NOT_AVAILABLE,
  RESULT_NOT_READY,
  TASK_CANCELLED,
  TASK_EXPIRED,
  WORKFLOW_PAUSED,
  WORKFLOW_FAILED,
  WORKFLOW_CANCELLED,
  UPSTREAM_SKIPPED,
  SUBWORKFLOW_FAILED,
  WORKFLOW_SUCCESS_CASE_NOT_MET;

  private static final Map<String, BuiltInCode> BY_NAME = new HashMap<>();

  static {
    for (BuiltInCode c : values()) {
      BY_NAME.put(c.name(), c);
    }
  }

  /** The built-in code with this exact name, or null. */
  public static @Nullable BuiltInCode byName(String name) {
    return BY_NAME.get(name);
  }

  /** True when {@code name} is a reserved built-in code name. */
  public static boolean isReserved(String name) {
    return BY_NAME.containsKey(name);
  }
}
