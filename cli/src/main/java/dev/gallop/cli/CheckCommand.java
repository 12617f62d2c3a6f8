package dev.gallop.cli;

import dev.gallop.Gallop;
import dev.gallop.GallopApplication;
import dev.gallop.discovery.Discovery;
import dev.gallop.discovery.GeneratedTasks;
import dev.gallop.discovery.GeneratedWorkflow;
import dev.gallop.error.ConfigurationException;
import dev.gallop.error.ValidationProblem;
import dev.gallop.task.TaskDescriptor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gallop check}: lists the annotated workflows of a class path with their nodes and checks
 * what the compiler could not see, plus every registered definition, without starting anything.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Lists every annotated workflow in --classpath with its nodes and checks, without starting"
          + " anything: queues the configuration does not know (GALLOP-014), task names used by"
          + " two classes (301), definition keys used twice (017), and every definition built"
          + " with its sample parameters. An optional GallopApplication adds its configuration and"
          + " hand-written definitions.",
      "Without --live no database is needed. Exit codes: 0 valid, 1 problems found, 2 bad"
          + " arguments."
    })
final class CheckCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "APP",
      description = "GallopApplication class name; optional when the workflows are annotated")
  @Nullable String app;

  @Option(
      names = "--classpath",
      paramLabel = "PATHS",
      description = "Where the application's classes are")
  @Nullable String classpath;

  @Option(names = "--live", description = "Also check that the configured database answers")
  boolean live;

  @Option(names = "--json", description = "Print JSON")
  boolean json;

  @Spec CommandSpec spec;

  /** The report, for text or JSON. */
  record Report(
      List<WorkflowView> workflows,
      List<TaskView> tasks,
      int definitionsChecked,
      List<ValidationProblem> problems) {}

  /** One annotated workflow. */
  record WorkflowView(String key, String name, String declaredBy, List<String> nodes) {}

  /** One annotated task. */
  record TaskView(String name, String declaredBy, String queue) {}

  @Override
  public Integer call() throws Exception {
    Logging.level("ERROR");
    ClassLoader loader = AppLoader.loader(classpath);
    GallopApplication application = AppLoader.load(app, loader, classpath != null);
    Discovery discovered = Discovery.of(loader);
    Gallop.Builder builder = application.configure(Gallop.builder());
    if (!live) {
      builder.offline();
    }
    List<ValidationProblem> problems = new ArrayList<>();
    int checked;
    try (Gallop gallop = builder.build()) {
      try {
        application.register(gallop);
      } catch (RuntimeException e) {
        problems.add(ValidationProblem.of(210, "registration code failed: " + e.getMessage()));
      }
      problems.addAll(discovered.check(gallop.queueNames()));
      Set<String> discoveredKeys = new HashSet<>();
      for (GeneratedWorkflow w : discovered.workflows()) {
        if (!discoveredKeys.add(w.definition().definitionKey())) {
          continue; // a key two workflows of the class path use: check() reported it (017)
        }
        try {
          gallop.registerTree(w.definition());
        } catch (ConfigurationException e) {
          problems.addAll(e.problems()); // e.g. the application registered that key by hand
        }
      }
      if (live) {
        gallop.monitor().queues(); // a query: the database answers, with Gallop's schema
      }
      problems.addAll(gallop.checkDefinitions());
      checked = gallop.definitionKeys().size();
    }
    Report report = new Report(workflows(discovered), tasks(discovered), checked, problems);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Output.json(out, report);
    } else {
      print(out, report);
    }
    out.flush();
    return problems.isEmpty() ? 0 : 1;
  }

  private static List<WorkflowView> workflows(Discovery d) {
    return d.workflows().stream()
        .map(w ->
            new WorkflowView(
                w.definition().definitionKey(),
                w.definition().name(),
                w.declaringInterface().getName(),
                w.nodes()))
        .toList();
  }

  private static List<TaskView> tasks(Discovery d) {
    List<TaskView> out = new ArrayList<>();
    for (GeneratedTasks t : d.tasks()) {
      for (TaskDescriptor<?, ?> task : t.tasks()) {
        out.add(
            new TaskView(
                task.name(),
                t.serviceType().getName(),
                task.queue() == null ? "(default)" : task.queue()));
      }
    }
    return out;
  }

  private static void print(PrintWriter out, Report r) {
    for (WorkflowView w : r.workflows()) {
      out.println("workflow " + w.key() + " (" + w.name() + ", " + w.declaredBy() + ")");
      out.println("  nodes: " + String.join(", ", w.nodes()));
    }
    out.println(
        r.tasks().size()
            + " annotated tasks, "
            + r.workflows().size()
            + " annotated workflows, "
            + r.definitionsChecked()
            + " definitions checked");
    if (r.problems().isEmpty()) {
      out.println("OK");
    } else {
      out.println(r.problems().size() + " problem" + (r.problems().size() == 1 ? "" : "s") + ":");
      r.problems().forEach(p -> out.println("  - " + p));
    }
  }
}
