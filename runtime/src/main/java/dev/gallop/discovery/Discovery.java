package dev.gallop.discovery;

import dev.gallop.Gallop;
import dev.gallop.GallopApplication;
import dev.gallop.error.ConfigurationException;
import dev.gallop.error.ValidationProblem;
import dev.gallop.task.TaskDescriptor;
import dev.gallop.workflow.WorkflowDefinition;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the annotation processor generated in a class path: every task class and workflow, found
 * through {@code META-INF/services}. Immutable and thread-safe.
 *
 * @param tasks the generated task modules, in class-path order
 * @param workflows the generated workflows, in class-path order
 */
public record Discovery(List<GeneratedTasks> tasks, List<GeneratedWorkflow> workflows) {
  public Discovery {
    tasks = List.copyOf(tasks);
    workflows = List.copyOf(workflows);
  }

  /** Everything generated that {@code loader} can see. */
  public static Discovery of(ClassLoader loader) {
    List<GeneratedTasks> t = new ArrayList<>();
    ServiceLoader.load(GeneratedTasks.class, loader).forEach(t::add);
    List<GeneratedWorkflow> w = new ArrayList<>();
    ServiceLoader.load(GeneratedWorkflow.class, loader).forEach(w::add);
    return new Discovery(t, w);
  }

  /** Whether nothing was found. */
  public boolean isEmpty() {
    return tasks.isEmpty() && workflows.isEmpty();
  }

  /**
   * Registers every discovered task and workflow definition (with its children) on {@code gallop},
   * leaving out tasks and definitions registered there already (an application's own {@code
   * register} may have done so). A service comes from {@code app.service(type)}, else from its
   * public no-argument constructor.
   *
   * @throws ConfigurationException GALLOP-210 naming a service class that cannot be created and
   *     what to add; the registration's own problems (GALLOP-103, 301, 017...) otherwise
   */
  public void registerAll(Gallop gallop, @Nullable GallopApplication app) {
    List<ValidationProblem> missing = new ArrayList<>();
    Map<GeneratedTasks, @Nullable Object> services = new LinkedHashMap<>();
    for (GeneratedTasks m : tasks) {
      if (m.tasks().stream().allMatch(d -> gallop.isRegistered(d.name()))) {
        continue;
      }
      try {
        services.put(m, m.needsInstance() ? instance(m.serviceType(), app) : null);
      } catch (IllegalStateException e) {
        missing.add(ValidationProblem.at(210, m.serviceType().getName(), e.getMessage()));
      }
    }
    if (!missing.isEmpty()) {
      throw new ConfigurationException("discovered tasks", missing);
    }
    services.forEach((m, service) -> m.register(gallop, service));
    for (GeneratedWorkflow w : workflows) {
      gallop.registerTree(w.definition());
    }
  }

  private static Object instance(Class<?> type, @Nullable GallopApplication app) {
    Object supplied = app == null ? null : app.service(type);
    if (supplied != null) {
      if (!type.isInstance(supplied)) {
        throw new IllegalStateException(
            "the application's service("
                + type.getSimpleName()
                + ".class) returned a "
                + supplied.getClass().getName());
      }
      return supplied;
    }
    try {
      Constructor<?> c = type.getConstructor();
      if (Modifier.isAbstract(type.getModifiers())) {
        throw new NoSuchMethodException("abstract");
      }
      return c.newInstance();
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(
          "cannot create "
              + type.getName()
              + " for its @Task methods: it has no public no-argument constructor. Add a"
              + " GallopApplication whose service(Class) returns an instance (for example"
              + " `public Object service(Class<?> t) { return t == "
              + type.getSimpleName()
              + ".class ? new "
              + type.getSimpleName()
              + "(...) : null; }`) and name it: gallop worker <that class> --classpath ...");
    } catch (ReflectiveOperationException | RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException(
          "cannot create "
              + type.getName()
              + " for its @Task methods: its constructor threw "
              + cause);
    }
  }

  /**
   * Checks what the compiler could not: task names used by two classes (GALLOP-301), definition
   * keys used by two workflows (GALLOP-017), and queues the configuration does not know
   * (GALLOP-014; in DEFAULT queue mode, {@code configuredQueues} is just {@code default} and any
   * other named queue is refused).
   */
  public List<ValidationProblem> check(Set<String> configuredQueues) {
    List<ValidationProblem> problems = new ArrayList<>();
    Map<String, String> taskOwners = new LinkedHashMap<>();
    for (GeneratedTasks m : tasks) {
      for (TaskDescriptor<?, ?> d : m.tasks()) {
        String owner = m.serviceType().getName();
        String before = taskOwners.putIfAbsent(d.name(), owner);
        if (before != null) {
          problems.add(
              ValidationProblem.at(
                  301, "task '" + d.name() + "'", "declared by " + before + " and by " + owner));
        }
        if (d.queue() != null && !configuredQueues.contains(d.queue())) {
          problems.add(
              ValidationProblem.at(
                  14,
                  "task '" + d.name() + "' of " + owner,
                  "queue '" + d.queue() + "' is not configured; configured: " + configuredQueues));
        }
      }
    }
    Map<String, String> keys = new LinkedHashMap<>();
    for (GeneratedWorkflow w : workflows) {
      WorkflowDefinition<?, ?> def = w.definition();
      String before = keys.putIfAbsent(def.definitionKey(), w.declaringInterface().getName());
      if (before != null) {
        problems.add(
            ValidationProblem.at(
                17,
                "definition '" + def.definitionKey() + "'",
                "declared by " + before + " and by " + w.declaringInterface().getName()));
      }
    }
    return problems;
  }
}
