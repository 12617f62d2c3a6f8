package dev.gallop.internal.engine;

import dev.gallop.Queue;
import dev.gallop.error.ConfigurationException;
import dev.gallop.error.ValidationProblem;
import dev.gallop.task.BuiltInCode;
import dev.gallop.task.ErrorCode;
import dev.gallop.task.RetryPolicy;
import dev.gallop.task.Task;
import dev.gallop.task.TaskBuilder;
import dev.gallop.task.TaskHandler;
import dev.gallop.task.UserCode;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Collects a task's options and registers it, reporting every problem at once. */
final class TaskBuilderImpl<I, T> implements TaskBuilder<I, T> {
  private final Engine engine;
  private final String name;
  private final Class<I> inputType;
  private final @Nullable Type resultType;
  private @Nullable String queue;
  private @Nullable RetryPolicy retryPolicy;
  private final Map<Class<? extends Throwable>, String> mappers = new LinkedHashMap<>();
  private @Nullable String defaultCode;

  TaskBuilderImpl(Engine engine, String name, Class<I> inputType, @Nullable Type resultType) {
    this.engine = engine;
    this.name = name;
    this.inputType = inputType;
    this.resultType = resultType;
  }

  @Override
  public TaskBuilder<I, T> queue(String queue) {
    this.queue = queue;
    return this;
  }

  @Override
  public TaskBuilder<I, T> retryPolicy(RetryPolicy policy) {
    this.retryPolicy = policy;
    return this;
  }

  @Override
  public TaskBuilder<I, T> mapException(Class<? extends Throwable> type, String code) {
    mappers.put(type, code);
    return this;
  }

  @Override
  public TaskBuilder<I, T> defaultErrorCode(String code) {
    this.defaultCode = code;
    return this;
  }

  @Override
  public Task<I, T> handler(TaskHandler<I, T> handler) {
    RegisteredTask<I, T> task = build(handler);
    engine.registry().add(task);
    return task;
  }

  /**
   * The task without a body and without registering it: it can be sent and put in workflow nodes
   * from this process, while workers elsewhere run it. Its options are checked as at registration.
   */
  Task<I, T> declare() {
    return build((in, ctx) -> {
      throw new IllegalStateException(
          "task '" + name + "' has no body in this process (declared for sending only)");
    });
  }

  private RegisteredTask<I, T> build(TaskHandler<I, T> handler) {
    List<ValidationProblem> p = new ArrayList<>();
    String loc = "task '" + name + "'";
    String unstorable = name == null ? null : Ids.unstorable(name);
    if (name == null || name.isBlank()) {
      p.add(ValidationProblem.at(102, loc, "task name must be non-blank"));
    } else if (unstorable != null) {
      p.add(ValidationProblem.at(102, loc, "task name " + unstorable));
    }
    if (resultType == null) {
      p.add(ValidationProblem.at(100, loc, "task has no declared result type"));
    }
    if (handler == null) {
      p.add(ValidationProblem.at(102, loc, "task has no handler"));
    }
    InputShape shape = null;
    try {
      shape = InputShape.of(inputType);
    } catch (IllegalArgumentException e) {
      p.add(ValidationProblem.at(102, loc, e.getMessage()));
    }
    EngineConfig cfg = engine.config();
    String q = queue;
    int priority = 100;
    if (!cfg.customMode()) {
      if (q != null) {
        p.add(
            ValidationProblem.at(
                103,
                loc,
                "queue '"
                    + q
                    + "' named in DEFAULT queue mode; configure queues on the engine or drop it"));
      }
      q = Queue.DEFAULT;
    } else if (q == null) {
      p.add(
          ValidationProblem.at(
              103,
              loc,
              "a queue is required in CUSTOM queue mode; configured: " + cfg.queues().keySet()));
    } else if (!cfg.queues().containsKey(q)) {
      p.add(
          ValidationProblem.at(
              103, loc, "unknown queue '" + q + "'; configured: " + cfg.queues().keySet()));
    }
    if (q != null && cfg.queues().containsKey(q)) {
      priority = cfg.queues().get(q).priority();
    }
    Map<Class<? extends Throwable>, ErrorCode> mapped = new LinkedHashMap<>();
    mappers.forEach((type, code) -> {
      ErrorCode c = userCode(code, loc, "exception mapper for " + type.getName(), p);
      if (c != null) {
        mapped.put(type, c);
      }
    });
    ErrorCode def = null;
    if (defaultCode != null) {
      def =
          defaultCode.equals(BuiltInCode.UNHANDLED_EXCEPTION.name())
              ? BuiltInCode.UNHANDLED_EXCEPTION
              : userCode(defaultCode, loc, "default error code", p);
    }
    if (!p.isEmpty()) {
      throw new ConfigurationException(loc, p);
    }
    return new RegisteredTask<>(
        engine, name, inputType, resultType, q, priority, retryPolicy, mapped, def, handler, shape);
  }

  private static @Nullable ErrorCode userCode(
      String code, String loc, String what, List<ValidationProblem> p) {
    if (code != null && BuiltInCode.isReserved(code)) {
      p.add(
          ValidationProblem.at(212, loc, what + " uses the reserved built-in code '" + code + "'"));
      return null;
    }
    try {
      return new UserCode(code);
    } catch (IllegalArgumentException e) {
      p.add(ValidationProblem.at(102, loc, what + ": " + e.getMessage()));
      return null;
    }
  }
}
