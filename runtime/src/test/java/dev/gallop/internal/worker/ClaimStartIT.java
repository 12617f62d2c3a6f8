package dev.gallop.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gallop.Queue;
import dev.gallop.task.Task;
import dev.gallop.task.TaskHandle;
import dev.gallop.task.TaskResult;
import dev.gallop.testing.IntegrationTest;
import dev.gallop.workflow.TaskNode;
import dev.gallop.workflow.WorkflowHandle;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A claim into free slots starts standalone rows in the same statement (PENDING → RUNNING);
 * workflow rows are only CLAIMED (they start under their workflow's lock), and a started claim
 * whose body never ran goes back to PENDING without an attempt.
 */
class ClaimStartIT extends IntegrationTest {
  record In(String label) {}

  private final AtomicInteger runs = new AtomicInteger();

  private Task<In, String> task() {
    return gallop
        .task("t", In.class, String.class)
        .handler((in, ctx) -> {
          runs.incrementAndGet();
          return TaskResult.ok(in.label());
        });
  }

  private Map<String, ClaimedTask> claim(WorkerImpl w, boolean start) throws Exception {
    Claimer claimer =
        new Claimer(gallop.engine().db(), gallop.engine().config(), w.workerId(), 60_000, start);
    List<ClaimedTask> claimed =
        claimer.claim(gallop.engine().config().queues().get(Queue.DEFAULT), 10);
    return claimed.stream().collect(Collectors.toMap(ClaimedTask::id, Function.identity()));
  }

  @Test
  void aStartingClaimStartsStandaloneRowsAndOnlyClaimsWorkflowRows() throws Exception {
    Task<In, String> t = task();
    TaskHandle<String> standalone = t.send(new In("s"));
    WorkflowHandle<?> wf =
        gallop
            .workflow("wf")
            .nodes(TaskNode.of(t).input("label", "w").nodeId("w").build())
            .build()
            .start();
    String workflowTask = wf.tasks().get(0).taskId();
    WorkerImpl w = (WorkerImpl) gallop.worker(fastWorker().build()); // driven by hand

    Map<String, ClaimedTask> claimed = claim(w, true);

    assertThat(claimed).containsOnlyKeys(standalone.taskId(), workflowTask);
    assertThat(claimed.get(standalone.taskId()).startedAt()).isNotNull();
    assertThat(sqlString("select status from gallop_tasks where id = ?", standalone.taskId()))
        .isEqualTo("RUNNING");
    assertThat(
            sqlLong(
                "select count(*) from gallop_tasks where id = ? and started_at = claimed_at"
                    + " and runner_heartbeat_at = claimed_at and claimed_by = ?",
                standalone.taskId(),
                w.workerId()))
        .isEqualTo(1);
    assertThat(claimed.get(workflowTask).startedAt()).isNull();
    assertThat(sqlString("select status from gallop_tasks where id = ?", workflowTask))
        .isEqualTo("CLAIMED");
    assertThat(
            sqlLong(
                "select count(*) from gallop_tasks where id = ? and started_at is null",
                workflowTask))
        .isEqualTo(1);
    // the started row needs no start transaction
    TaskExecution e = new TaskExecution(gallop.engine(), w, claimed.get(standalone.taskId()));
    assertThat(e.start()).isEqualTo(TaskExecution.Start.STARTED);
    assertThat(e.startedAt()).isEqualTo(claimed.get(standalone.taskId()).startedAt());
  }

  @Test
  void aClaimThatDoesNotStartLeavesStandaloneRowsClaimed() throws Exception {
    TaskHandle<String> standalone = task().send(new In("s"));
    WorkerImpl w = (WorkerImpl) gallop.worker(fastWorker().build());

    Map<String, ClaimedTask> claimed = claim(w, false);

    assertThat(claimed.get(standalone.taskId()).startedAt()).isNull();
    assertThat(sqlString("select status from gallop_tasks where id = ?", standalone.taskId()))
        .isEqualTo("CLAIMED");
  }

  @Test
  void aStartedClaimWhoseBodyNeverRanIsHandedBackAndRunsOnceLater() throws Exception {
    TaskHandle<String> standalone = task().send(new In("s"));
    WorkerImpl w = (WorkerImpl) gallop.worker(fastWorker().build());
    ClaimedTask claimed = claim(w, true).get(standalone.taskId());

    new TaskExecution(gallop.engine(), w, claimed).handBack(); // as at shutdown

    assertThat(
            sqlLong(
                "select count(*) from gallop_tasks where id = ? and status = 'PENDING'"
                    + " and claimed_by is null and started_at is null and runner_heartbeat_at is null",
                standalone.taskId()))
        .isEqualTo(1);
    assertThat(
            sqlLong("select count(*) from gallop_attempts where task_id = ?", standalone.taskId()))
        .isZero();
    startWorker();
    assertThat(standalone.get(Duration.ofSeconds(30)).okValue()).isEqualTo("s");
    assertThat(runs).hasValue(1);
    assertThat(
            sqlLong("select count(*) from gallop_attempts where task_id = ?", standalone.taskId()))
        .isEqualTo(1);
  }
}
