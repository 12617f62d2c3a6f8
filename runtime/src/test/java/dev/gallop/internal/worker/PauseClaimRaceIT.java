package dev.gallop.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gallop.Queue;
import dev.gallop.task.Task;
import dev.gallop.task.TaskResult;
import dev.gallop.testing.IntegrationTest;
import dev.gallop.workflow.TaskNode;
import dev.gallop.workflow.WorkflowHandle;
import dev.gallop.workflow.WorkflowTaskInfo;
import dev.gallop.workflow.WorkflowTaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Scenario 37: a claim racing with pause never runs the body twice and never orphans a row. */
class PauseClaimRaceIT extends IntegrationTest {
  record In(String label) {}

  @Test
  void claimedTaskOfAPausedWorkflowIsHandedBackAndRunsOnceAfterResume() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Task<In, String> t =
        gallop
            .task("t", In.class, String.class)
            .handler((in, ctx) -> {
              runs.incrementAndGet();
              return TaskResult.ok(in.label());
            });
    WorkflowHandle<?> h =
        gallop
            .workflow("race")
            .nodes(TaskNode.of(t).input("label", "A").nodeId("A").build())
            .build()
            .start();
    String taskId = h.tasks().get(0).taskId();
    WorkerImpl w =
        (WorkerImpl) gallop.worker(fastWorker().build()); // not started: we drive it by hand
    Claimer claimer =
        new Claimer(gallop.engine().db(), gallop.engine().config(), w.workerId(), 60_000, true);
    List<ClaimedTask> claimed =
        claimer.claim(gallop.engine().config().queues().get(Queue.DEFAULT), 1);
    assertThat(claimed).extracting(ClaimedTask::id).containsExactly(taskId);

    assertThat(h.pause()).isTrue();
    TaskExecution e = new TaskExecution(gallop.engine(), w, claimed.get(0));
    assertThat(e.start()).isEqualTo(TaskExecution.Start.HANDED_BACK);

    assertThat(sqlString("select status from gallop_tasks where id = ?", taskId))
        .isEqualTo("PENDING");
    assertThat(sqlString("select claimed_by from gallop_tasks where id = ?", taskId)).isNull();
    WorkflowTaskInfo node = h.tasks().get(0);
    assertThat(node.taskId()).isEqualTo(taskId);
    assertThat(node.status()).isEqualTo(WorkflowTaskStatus.ENQUEUED);
    assertThat(sqlLong("select count(*) from gallop_tasks where workflow_id = ?", h.workflowId()))
        .isEqualTo(1);
    // paused: nothing claims it
    assertThat(claimer.claim(gallop.engine().config().queues().get(Queue.DEFAULT), 1)).isEmpty();
    assertThat(runs).hasValue(0);

    assertThat(h.resume()).isTrue();
    startWorker();
    assertThat(h.get(Duration.ofSeconds(20)).isOk()).isTrue();
    assertThat(runs).hasValue(1);
    assertThat(h.tasks().get(0).status()).isEqualTo(WorkflowTaskStatus.COMPLETED);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> sqlLong("select count(*) from gallop_attempts") == 1);
  }
}
