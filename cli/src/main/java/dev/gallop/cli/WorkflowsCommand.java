package dev.gallop.cli;

import dev.gallop.Gallop;
import dev.gallop.dashboard.JsonViews;
import dev.gallop.dashboard.WorkflowActions;
import dev.gallop.error.WorkflowHandleException;
import dev.gallop.monitor.WorkflowGraph;
import dev.gallop.monitor.WorkflowQuery;
import dev.gallop.workflow.WorkflowInfo;
import dev.gallop.workflow.WorkflowStatus;
import dev.gallop.workflow.WorkflowTaskInfo;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gallop workflows list|show|pause|resume|cancel}. */
@Command(
    name = "workflows",
    mixinStandardHelpOptions = true,
    description = "Lists, shows, pauses, resumes and cancels workflows.",
    subcommands = {
      WorkflowsCommand.ListCmd.class,
      WorkflowsCommand.Show.class,
      WorkflowsCommand.Pause.class,
      WorkflowsCommand.Resume.class,
      WorkflowsCommand.Cancel.class
    })
final class WorkflowsCommand extends GroupCommand {
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists workflows, newest first.")
  static final class ListCmd extends DatabaseCommand {
    @Option(
        names = "--status",
        split = ",",
        paramLabel = "STATUS",
        description = "Only these statuses (comma-separated): ${COMPLETION-CANDIDATES}")
    @Nullable EnumSet<WorkflowStatus> status;

    @Option(names = "--name", paramLabel = "TEXT", description = "Name contains TEXT (any case)")
    @Nullable String name;

    @Option(
        names = "--since",
        paramLabel = "AGE",
        converter = Durations.class,
        description = "Created within this age, e.g. 15m, 2h, 7d")
    @Nullable Duration since;

    @Option(names = "--top-level", description = "Leave out child workflows of subworkflow nodes")
    boolean topLevel;

    @Option(
        names = "--limit",
        defaultValue = "50",
        description = "At most N rows (1..1000); default ${DEFAULT-VALUE}")
    int limit = 50;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Override
    int run(Gallop g, PrintWriter out) {
      WorkflowQuery q =
          WorkflowQuery.recent()
              .withStatuses(status == null ? EnumSet.noneOf(WorkflowStatus.class) : status)
              .withNameContains(name)
              .withCreatedAfter(since == null ? null : Instant.now().minus(since))
              .withTopLevelOnly(topLevel)
              .withLimit(limit);
      List<WorkflowInfo> rows = g.monitor().workflows(q);
      if (json) {
        Output.json(out, rows);
      } else {
        Output.table(
            out,
            List.of("ID", "NAME", "STATUS", "CREATED", "TOOK", "PARENT"),
            rows.stream()
                .map(w ->
                    List.of(
                        w.workflowId(),
                        w.name(),
                        w.status().name(),
                        Output.time(w.createdAt()),
                        Output.took(w.startedAt(), w.completedAt()),
                        w.parentWorkflowId() == null ? "-" : w.parentWorkflowId()))
                .toList());
      }
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Shows one workflow with every node: status, dependencies, timings, result.")
  static final class Show extends DatabaseCommand {
    @Parameters(paramLabel = "ID", description = "Workflow id")
    String id;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Override
    int run(Gallop g, PrintWriter out) {
      WorkflowGraph graph = g.monitor().graph(id).orElse(null);
      if (graph == null) {
        return notFound("workflow", id);
      }
      Map<Integer, WorkflowTaskInfo> infos =
          g.workflowHandle(id).tasks().stream()
              .collect(Collectors.toMap(WorkflowTaskInfo::index, t -> t));
      if (json) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("workflow", graph.workflow());
        doc.put(
            "nodes",
            graph.nodes().stream()
                .map(n -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("node", n);
                  WorkflowTaskInfo info = infos.get(n.index());
                  m.put("result", info == null ? null : JsonViews.result(info.result()));
                  return m;
                })
                .toList());
        Output.json(out, doc);
        return 0;
      }
      WorkflowInfo w = graph.workflow();
      out.println("workflow  " + w.workflowId() + "  (" + w.name() + ")");
      out.println("status    " + w.status());
      out.println(
          "created   "
              + Output.time(w.createdAt())
              + "   took "
              + Output.took(w.startedAt(), w.completedAt()));
      if (w.parentWorkflowId() != null) {
        out.println("parent    " + w.parentWorkflowId() + " node " + w.parentNodeIndex());
      }
      out.println();
      Output.table(
          out,
          List.of("#", "NODE", "TASK", "STATUS", "DEPENDS ON", "STARTED", "TOOK", "RESULT"),
          graph.nodes().stream()
              .map(n -> {
                WorkflowTaskInfo info = infos.get(n.index());
                return List.of(
                    Integer.toString(n.index()),
                    n.nodeId(),
                    n.name() + (n.kind() == WorkflowGraph.Kind.SUBWORKFLOW ? " (sub)" : ""),
                    n.status().name(),
                    n.dependencies().stream()
                        .map(d -> graph.nodes().get(d).nodeId())
                        .collect(Collectors.joining(",")),
                    Output.time(n.startedAt()),
                    n.startedAt() == null ? "-" : Output.took(n.startedAt(), n.completedAt()),
                    info == null || info.result() == null ? "-" : String.valueOf(info.result()));
              })
              .toList());
      return 0;
    }
  }

  /** Shared body of pause, resume and cancel: exit 1 for an unknown id. */
  abstract static class Act extends DatabaseCommand {
    @Parameters(paramLabel = "ID", description = "Workflow id (a top-level one)")
    String id;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    private final WorkflowActions.Action action;
    private final String done;

    Act(WorkflowActions.Action action, String done) {
      this.action = action;
      this.done = done;
    }

    @Override
    int run(Gallop g, PrintWriter out) {
      WorkflowActions.Outcome o;
      try {
        o = WorkflowActions.apply(g.workflowHandle(id), action);
      } catch (WorkflowHandleException e) {
        if (e.code() == WorkflowHandleException.Code.WORKFLOW_NOT_FOUND) {
          return notFound("workflow", id);
        }
        throw e;
      }
      if (json) {
        Output.json(out, Map.of("workflowId", id, "changed", o.changed(), "status", o.status()));
      } else if (o.changed()) {
        out.println(done + " workflow " + id + ": now " + o.status());
      } else {
        out.println("nothing to " + action.word() + ": workflow " + id + " is " + o.status());
      }
      return 0;
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Pauses a RUNNING workflow (running tasks finish; nothing new starts).")
  static final class Pause extends Act {
    Pause() {
      super(WorkflowActions.Action.PAUSE, "paused");
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Resumes a PAUSED workflow.")
  static final class Resume extends Act {
    Resume() {
      super(WorkflowActions.Action.RESUME, "resumed");
    }
  }

  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      description = "Cancels a workflow and its unfinished tasks.")
  static final class Cancel extends Act {
    Cancel() {
      super(WorkflowActions.Action.CANCEL, "cancelled");
    }
  }
}
