package dev.gallop.cli;

import dev.gallop.Gallop;
import dev.gallop.monitor.TaskQuery;
import dev.gallop.task.TaskAttempt;
import dev.gallop.task.TaskInfo;
import dev.gallop.task.TaskStatus;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gallop tasks list|show}. */
@Command(
    name = "tasks",
    mixinStandardHelpOptions = true,
    description = "Lists and shows tasks (standalone and workflow tasks) with their attempts.",
    subcommands = {TasksCommand.ListCmd.class, TasksCommand.Show.class})
final class TasksCommand extends GroupCommand {
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists tasks, most recently sent first.")
  static final class ListCmd extends DatabaseCommand {
    @Option(
        names = "--status",
        split = ",",
        paramLabel = "STATUS",
        description = "Only these statuses (comma-separated): ${COMPLETION-CANDIDATES}")
    @Nullable EnumSet<TaskStatus> status;

    @Option(names = "--name", paramLabel = "TASK", description = "Only this task name")
    @Nullable String name;

    @Option(names = "--queue", paramLabel = "QUEUE", description = "Only this queue")
    @Nullable String queue;

    @Option(
        names = "--workflow",
        paramLabel = "ID",
        description = "Only the tasks of this workflow")
    @Nullable String workflow;

    @Option(
        names = "--limit",
        defaultValue = "50",
        description = "At most N rows (1..1000); default ${DEFAULT-VALUE}")
    int limit = 50;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Override
    int run(Gallop g, PrintWriter out) {
      TaskQuery q =
          TaskQuery.recent()
              .withStatuses(status == null ? EnumSet.noneOf(TaskStatus.class) : status)
              .withTaskName(name)
              .withQueue(queue)
              .withWorkflowId(workflow)
              .withLimit(limit);
      List<TaskInfo> rows = g.monitor().tasks(q);
      if (json) {
        Output.json(out, rows);
        return 0;
      }
      Output.table(
          out,
          List.of("ID", "TASK", "QUEUE", "STATUS", "ATTEMPTS", "SENT", "TOOK", "WORKFLOW"),
          rows.stream()
              .map(t ->
                  List.of(
                      t.taskId(),
                      t.taskName(),
                      t.queue(),
                      t.status().name() + (t.errorCode() == null ? "" : " " + t.errorCode()),
                      Integer.toString(t.attempts().size()),
                      Output.time(t.sentAt()),
                      t.startedAt() == null ? "-" : Output.took(t.startedAt(), t.completedAt()),
                      t.workflowId() == null ? "-" : t.workflowId() + " #" + t.nodeIndex()))
              .toList());
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Shows one task with its attempts.")
  static final class Show extends DatabaseCommand {
    @Parameters(paramLabel = "ID", description = "Task id")
    String id;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Override
    int run(Gallop g, PrintWriter out) {
      Optional<TaskInfo> found = g.monitor().task(id);
      if (found.isEmpty()) {
        return notFound("task", id);
      }
      TaskInfo t = found.get();
      if (json) {
        Output.json(out, t);
        return 0;
      }
      out.println("task      " + t.taskId() + "  (" + t.taskName() + ")");
      out.println(
          "status    "
              + t.status()
              + (t.errorCode() == null ? "" : "  " + t.errorCode() + ": " + t.failedReason()));
      out.println("queue     " + t.queue() + " (priority " + t.priority() + ")");
      out.println(
          "sent      " + Output.time(t.sentAt()) + "   claimable " + Output.time(t.enqueuedAt()));
      out.println(
          "started   "
              + Output.time(t.startedAt())
              + "   completed "
              + Output.time(t.completedAt()));
      out.println("retries   " + t.retryCount() + " of " + t.maxRetries());
      if (t.workflowId() != null) {
        out.println("workflow  " + t.workflowId() + " node " + t.nodeIndex());
      }
      out.println();
      Output.table(
          out,
          List.of("ATTEMPT", "OUTCOME", "RETRIED", "STARTED", "TOOK", "ERROR", "WORKER"),
          t.attempts().stream()
              .map((TaskAttempt a) ->
                  List.of(
                      Integer.toString(a.attempt()),
                      a.outcome(),
                      a.willRetry() ? "yes" : "no",
                      Output.time(a.startedAt()),
                      a.startedAt() == null ? "-" : Output.took(a.startedAt(), a.finishedAt()),
                      a.errorCode() == null ? "-" : a.errorCode() + ": " + a.errorMessage(),
                      a.workerId() == null ? "-" : a.workerId()))
              .toList());
      return 0;
    }
  }
}
