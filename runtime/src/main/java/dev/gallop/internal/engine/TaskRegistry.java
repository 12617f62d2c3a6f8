package dev.gallop.internal.engine;

import dev.gallop.error.ConfigurationException;
import dev.gallop.error.ValidationProblem;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/** Registered tasks by unique name. Thread-safe. */
public final class TaskRegistry {
  private final ConcurrentMap<String, RegisteredTask<?, ?>> tasks = new ConcurrentHashMap<>();

  void add(RegisteredTask<?, ?> task) {
    if (tasks.putIfAbsent(task.name(), task) != null) {
      throw new ConfigurationException(
          "task '" + task.name() + "'",
          List.of(
              ValidationProblem.of(
                  301, "a task named '" + task.name() + "' is already registered")));
    }
  }

  public @Nullable RegisteredTask<?, ?> get(String name) {
    return tasks.get(name);
  }

  public java.util.Collection<RegisteredTask<?, ?>> all() {
    return tasks.values();
  }
}
