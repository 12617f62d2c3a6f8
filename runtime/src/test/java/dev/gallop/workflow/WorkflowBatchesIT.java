package dev.gallop.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gallop.task.RetryPolicy;
import dev.gallop.task.Task;
import dev.gallop.task.TaskResult;
import dev.gallop.testing.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The starts and finalizes of one workflow's tasks in one worker are combined (one transaction, one
 * advancement for many completions): completions, retries and final failures arriving together are
 * each recorded as the one-task path would, and the join sees every outcome.
 */
class WorkflowBatchesIT extends IntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int BRANCHES = 48;

  record Branch(int i, String kind) {}

  record Join(@Nullable TaskResult<Integer> first, @Nullable TaskResult<Integer> last) {}

  @Test
  void completionsArrivingTogetherShareATransactionAndEachIsRecordedOnce() {
    CountDownLatch together = new CountDownLatch(16);
    Task<Branch, Integer> branch =
        gallop
            .task("branch", Branch.class, Integer.class)
            .retryPolicy(
                RetryPolicy.fixed(List.of(Duration.ofSeconds(1)), "ONCE").withJitter(false))
            .handler((in, ctx) -> {
              together.countDown(); // the first 16 bodies finish together
              together.await(30, TimeUnit.SECONDS);
              return switch (in.kind()) {
                case "once" ->
                    ctx.attempt() == 1 ? TaskResult.err("ONCE", "retry me") : TaskResult.ok(in.i());
                case "bad" -> TaskResult.err("BAD", "branch " + in.i() + " fails for good");
                default -> TaskResult.ok(in.i());
              };
            });
    Task<Join, String> join =
        gallop
            .task("join", Join.class, String.class)
            .handler((in, ctx) -> TaskResult.ok(in.first() + " " + in.last()));
    List<TaskNode<Integer>> branches = new ArrayList<>();
    for (int i = 0; i < BRANCHES; i++) {
      String kind = i % 3 == 0 ? "ok" : i % 3 == 1 ? "once" : "bad";
      branches.add(TaskNode.of(branch).input("i", i).input("kind", kind).nodeId("b" + i).build());
    }
    TaskNode<String> end =
        TaskNode.of(join)
            .nodeId("join")
            .waitsFor(branches.toArray(TaskNode[]::new))
            .allowFailedDeps()
            .argsFrom("first", branches.get(0))
            .argsFrom("last", branches.get(BRANCHES - 1))
            .build();
    List<WorkflowNode<?>> all = new ArrayList<>(branches);
    all.add(end);
    startWorker(fastWorker().concurrency(16).maxClaimBatch(16).build());
    WorkflowHandle<String> h = gallop.workflow("wide").nodes(all).output(end).build().start("w1");

    TaskResult<String> r = h.get(WAIT);

    // failed branches and no success policy: FAILED with the lowest failed node's error (b2); the
    // join ran after every branch, with the first (ok) and last (bad: 47 % 3 == 2) outcomes
    assertThat(h.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(r.errValue().message()).isEqualTo("branch 2 fails for good");
    assertThat(h.resultFor(end).okValue()).startsWith("ok(0) err(");
    Map<String, TaskResult<?>> results = h.results();
    for (int i = 0; i < BRANCHES; i++) {
      TaskResult<?> b = results.get("b" + i);
      if (i % 3 == 2) {
        assertThat(b.errValue().codeName()).as("b%d", i).isEqualTo("BAD");
      } else {
        assertThat(b).as("b%d", i).isEqualTo(TaskResult.ok(i));
      }
    }
    // one attempt per run: retried branches have two, the first marked will_retry
    assertThat(sqlLong("select count(*) from gallop_attempts")).isEqualTo(BRANCHES + 16 + 1);
    assertThat(sqlLong("select terminal_count from gallop_workflows where id = 'w1'"))
        .isEqualTo(BRANCHES + 1);
    assertThat(
            sqlLong(
                "select count(*) from gallop_workflow_nodes where workflow_id = 'w1'"
                    + " and status in ('COMPLETED', 'FAILED')"))
        .isEqualTo(BRANCHES + 1);
    // rows started, or finalized, in one transaction share its now(): some were combined
    assertThat(
            sqlLong(
                "select count(*) - count(distinct started_at) from gallop_tasks"
                    + " where task_name = 'branch'"))
        .isPositive();
    assertThat(
            sqlLong(
                "select count(*) - count(distinct completed_at) from gallop_tasks"
                    + " where task_name = 'branch'"))
        .isPositive();
  }
}
