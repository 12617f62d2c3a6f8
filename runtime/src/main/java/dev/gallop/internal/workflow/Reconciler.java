package dev.gallop.internal.workflow;

import dev.gallop.internal.db.Sql;
import dev.gallop.internal.engine.Outcomes;
import dev.gallop.internal.json.TaskResultJson;
import dev.gallop.task.BuiltInCode;
import dev.gallop.task.TaskResult;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Repairs crash windows between a task finishing and its workflow advancing (tasks-and-workers
 * §7.4). Each repair runs in its own transaction under the workflow lock and re-checks through the
 * same guarded updates as normal advancement, so running it twice, or on several workers at once,
 * changes nothing more.
 */
final class Reconciler {
  private static final String PENDING_STUCK =
      """
      select n.workflow_id, n.node_index from gallop_workflow_nodes n
        join gallop_workflows w on w.id = n.workflow_id
       where w.status = 'RUNNING' and n.status = 'PENDING' and cardinality(n.dependencies) > 0
         and n.deps_completed + n.deps_failed + n.deps_skipped = cardinality(n.dependencies)
       limit ?
      """;
  private static final String READY_WITHOUT_TASK =
      """
      select n.workflow_id, n.node_index from gallop_workflow_nodes n
        join gallop_workflows w on w.id = n.workflow_id
       where w.status = 'RUNNING' and n.status = 'READY' and n.task_id is null and n.sub_workflow_id is null
       limit ?
      """;
  private static final String NODE_BEHIND_TASK =
      """
      select n.workflow_id, n.node_index, t.status, t.result from gallop_workflow_nodes n
        join gallop_tasks t on t.id = n.task_id
       where n.status in ('ENQUEUED', 'RUNNING') and t.status in ('COMPLETED', 'FAILED', 'CANCELLED', 'EXPIRED')
       limit ?
      """;
  private static final String CHILD_AHEAD_OF_PARENT =
      """
      select c.id from gallop_workflows c
        join gallop_workflow_nodes n on n.workflow_id = c.parent_workflow_id and n.node_index = c.parent_node_index
       where c.status in ('COMPLETED', 'FAILED', 'CANCELLED') and n.status not in ('COMPLETED', 'FAILED', 'SKIPPED')
       limit ?
      """;
  private static final String ALL_TERMINAL =
      """
      select id from gallop_workflows where status = 'RUNNING' and terminal_count = node_count limit ?
      """;

  private record NodeRef(String workflowId, int index) {}

  private final WorkflowEngine engine;

  Reconciler(WorkflowEngine engine) {
    this.engine = engine;
  }

  int run(int batch) throws SQLException {
    int repaired = 0;
    for (NodeRef r : refs(PENDING_STUCK, batch)) {
      repaired +=
          inLock(
              r.workflowId(),
              adv -> {
                adv.evaluatePending(new int[] {r.index()});
                return true;
              });
    }
    for (NodeRef r :
        engine.engine().config().definitionRegistry()
            ? refs(READY_WITHOUT_TASK, batch)
            : List.<NodeRef>of()) {
      repaired +=
          inLock(
              r.workflowId(),
              adv -> {
                adv.enqueueLater(List.of(r.index()));
                return true;
              });
    }
    record Behind(String workflowId, int index, String taskStatus, @Nullable String result) {}
    List<Behind> behind =
        engine
            .engine()
            .db()
            .read(c ->
                Sql.query(
                    c,
                    NODE_BEHIND_TASK,
                    rs ->
                        new Behind(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4)),
                    batch));
    for (Behind b : behind) {
      String text = resultOrSynthesized(b.taskStatus(), b.result());
      boolean ok = TaskHandleResults.isOk(text);
      repaired +=
          inLock(
              b.workflowId(),
              adv -> {
                adv.nodeTerminal(b.index(), ok ? "COMPLETED" : "FAILED", text);
                return true;
              });
    }
    List<String> children =
        engine
            .engine()
            .db()
            .read(c -> Sql.query(c, CHILD_AHEAD_OF_PARENT, rs -> rs.getString(1), batch));
    for (String child : children) {
      repaired +=
          engine
              .engine()
              .db()
              .txRetrying(
                  3,
                  c -> {
                    Optional<Advancement> adv = Advancement.lock(engine, c, child);
                    if (adv.isEmpty()) {
                      return 0;
                    }
                    Optional<Advancement.Propagation> p = adv.get().propagation();
                    if (p.isEmpty()) {
                      return 0;
                    }
                    Advancement parent =
                        Advancement.lock(engine, c, p.get().parentId()).orElseThrow();
                    parent.childFinished(p.get());
                    parent.run();
                    engine.finishAndPropagate(parent);
                    return 1;
                  });
    }
    List<String> done =
        engine.engine().db().read(c -> Sql.query(c, ALL_TERMINAL, rs -> rs.getString(1), batch));
    for (String id : done) {
      repaired += inLock(id, adv -> true);
    }
    return repaired;
  }

  /** The stored result, or the synthesized error of §7.4 when it is missing or unreadable. */
  static String resultOrSynthesized(String taskStatus, @Nullable String result) {
    if (result != null && TaskHandleResults.readable(result)) {
      return result;
    }
    BuiltInCode code =
        switch (taskStatus) {
          case "CANCELLED" -> BuiltInCode.TASK_CANCELLED;
          case "EXPIRED" -> BuiltInCode.TASK_EXPIRED;
          case "COMPLETED" -> BuiltInCode.RESULT_NOT_AVAILABLE;
          default -> BuiltInCode.WORKER_CRASHED;
        };
    TaskResult<Object> r =
        Outcomes.builtIn(code, "task ended " + taskStatus + " without a readable result");
    return TaskResultJson.write(r);
  }

  private List<NodeRef> refs(String sql, int batch) throws SQLException {
    return engine
        .engine()
        .db()
        .read(c -> Sql.query(c, sql, rs -> new NodeRef(rs.getString(1), rs.getInt(2)), batch));
  }

  private interface Repair {
    boolean apply(Advancement adv) throws SQLException;
  }

  private int inLock(String workflowId, Repair repair) throws SQLException {
    return engine
        .engine()
        .db()
        .txRetrying(
            3,
            c -> {
              Optional<Advancement> adv = Advancement.lock(engine, c, workflowId);
              if (adv.isEmpty()) {
                return 0;
              }
              int before = adv.get().wf.terminal;
              repair.apply(adv.get());
              adv.get().run();
              engine.finishAndPropagate(adv.get());
              return adv.get().wf.terminal != before || adv.get().wf.completedNow ? 1 : 0;
            });
  }
}
