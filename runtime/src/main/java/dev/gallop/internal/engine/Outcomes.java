package dev.gallop.internal.engine;

import dev.gallop.task.BuiltInCode;
import dev.gallop.task.ErrorCode;
import dev.gallop.task.TaskError;
import dev.gallop.task.TaskResult;
import dev.gallop.workflow.WorkflowContextMissingIdException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;

/** Turns what a task body did (returned or threw) into the result that is recorded. */
public final class Outcomes {
  private static final int MAX_STACK = 8_000;

  private Outcomes() {}

  /** A built-in error result. */
  public static TaskResult<Object> builtIn(BuiltInCode code, String message) {
    return TaskResult.err(TaskError.of(code, message));
  }

  /** Null results and values of the wrong type become errors. */
  public static TaskResult<?> check(TaskResult<?> r, Type resultType) {
    if (r == null) {
      return builtIn(BuiltInCode.TASK_EXCEPTION, "task body returned null instead of a TaskResult");
    }
    if (r instanceof TaskResult.Ok<?> ok && ok.value() != null) {
      Class<?> raw = box(rawClass(resultType));
      if (!raw.isInstance(ok.value())) {
        return builtIn(
            BuiltInCode.RETURN_TYPE_MISMATCH,
            "task returned a "
                + ok.value().getClass().getName()
                + " but declares "
                + resultType.getTypeName());
      }
    }
    return r;
  }

  /**
   * Maps an exception: task mapper, engine mapper (exact class), task default, UNHANDLED_EXCEPTION.
   */
  public static TaskResult<?> fromException(
      Throwable t, RegisteredTask<?, ?> task, EngineConfig config) {
    ErrorCode code;
    if (t instanceof WorkflowContextMissingIdException) {
      code = BuiltInCode.WORKFLOW_CTX_MISSING_ID;
    } else {
      code = lookup(task.mappers(), t);
      if (code == null) {
        code = lookup(config.exceptionMappers(), t);
      }
      if (code == null) {
        code = task.defaultCode() != null ? task.defaultCode() : BuiltInCode.UNHANDLED_EXCEPTION;
      }
    }
    StringWriter sw = new StringWriter();
    t.printStackTrace(new PrintWriter(sw));
    String stack = sw.toString();
    if (stack.length() > MAX_STACK) {
      stack = stack.substring(0, MAX_STACK) + "...";
    }
    String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
    return TaskResult.err(
        new TaskError(
            code,
            message,
            null,
            new TaskError.ExceptionInfo(t.getClass().getName(), t.getMessage(), stack)));
  }

  private static ErrorCode lookup(Map<Class<? extends Throwable>, ErrorCode> m, Throwable t) {
    return m.get(t.getClass());
  }

  public static Class<?> rawClass(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  public static Class<?> box(Class<?> c) {
    if (!c.isPrimitive()) {
      return c;
    }
    if (c == int.class) return Integer.class;
    if (c == long.class) return Long.class;
    if (c == boolean.class) return Boolean.class;
    if (c == double.class) return Double.class;
    if (c == float.class) return Float.class;
    if (c == short.class) return Short.class;
    if (c == byte.class) return Byte.class;
    if (c == char.class) return Character.class;
    return Void.class;
  }
}
