package dev.gallop.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gallop.Gallop;
import dev.gallop.Queue;
import dev.gallop.task.Task;
import dev.gallop.task.TaskResult;
import dev.gallop.testing.IntegrationTest;
import dev.gallop.workflow.TaskNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Local hand-off (storage.md §3 (c)): a finishing worker claims the dependents it makes ready in
 * its finalize transaction. A handed-off row's {@code claimed_at} is that transaction's {@code
 * now()}, equal to its predecessor's {@code completed_at}; a row claimed by the claim loop has a
 * later one.
 */
class HandOffIT extends IntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String HANDED_OFF =
      """
      select count(*) from gallop_tasks n join gallop_tasks p
        on p.workflow_id = n.workflow_id and p.node_index = ?
       where n.workflow_id = ? and n.node_index <> p.node_index and n.claimed_at = p.completed_at
         and n.claimed_by = p.claimed_by
      """;

  /** Whether node {@code n} was claimed in node {@code p}'s finalize transaction. */
  private static final String HANDED_OFF_TO =
      """
      select count(*) from gallop_tasks n join gallop_tasks p
        on p.workflow_id = n.workflow_id and p.node_index = ?
       where n.workflow_id = ? and n.node_index = ? and n.claimed_at = p.completed_at
         and n.claimed_by = p.claimed_by
      """;

  record In(int i) {}

  private static Task<In, Integer> step(Gallop g, String queue) {
    var b = g.task("step", In.class, Integer.class);
    if (!queue.equals(Queue.DEFAULT)) {
      b.queue(queue);
    }
    return b.handler((in, ctx) -> TaskResult.ok(in.i()));
  }

  private static List<TaskNode<Integer>> chain(Task<In, Integer> t, int n) {
    List<TaskNode<Integer>> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TaskNode.Builder<Integer> b = TaskNode.of(t).input("i", i).nodeId("n" + i);
      if (i > 0) {
        b.waitsFor(nodes.get(i - 1));
      }
      nodes.add(b.build());
    }
    return nodes;
  }

  @Test
  void eachLinkOfAChainIsClaimedInItsPredecessorsFinalizeTransaction() {
    Task<In, Integer> t = step(gallop, Queue.DEFAULT);
    startWorker(fastWorker().concurrency(2).build());
    gallop.workflow("chain").nodes(chain(t, 6)).build().start("c").get(WAIT);
    for (int i = 0; i < 5; i++) {
      assertThat(sqlLong(HANDED_OFF_TO, i, "c", i + 1))
          .as("link %d -> %d handed off", i, i + 1)
          .isEqualTo(1);
    }
    assertThat(sqlLong("select count(*) from gallop_tasks where status = 'COMPLETED'"))
        .isEqualTo(6);
    // without prefetch, a handed-off row also starts in that transaction, with its node
    assertThat(sqlLong(STARTED_WHEN_CLAIMED, "c")).isEqualTo(5);
  }

  /** Rows of a workflow (but its root) started by their claim, their node started with them. */
  private static final String STARTED_WHEN_CLAIMED =
      """
      select count(*) from gallop_tasks t
        join gallop_workflow_nodes n on n.workflow_id = t.workflow_id and n.node_index = t.node_index
       where t.workflow_id = ? and t.node_index > 0 and t.started_at = t.claimed_at
         and n.started_at = t.started_at
      """;

  @Test
  void aWorkerThatPrefetchesHandsOffClaimsThatStartLater() {
    Task<In, Integer> t = step(gallop, Queue.DEFAULT);
    startWorker(
        fastWorker().concurrency(1).prefetchBuffer(2).claimLease(Duration.ofSeconds(5)).build());
    gallop.workflow("chain").nodes(chain(t, 4)).build().start("p").get(WAIT);
    assertThat(sqlLong(HANDED_OFF, 0, "p")).isEqualTo(1);
    assertThat(sqlLong(STARTED_WHEN_CLAIMED, "p")).isZero();
  }

  @Test
  void aHandOffTakesNoMoreThanTheWorkersBudget() {
    Task<In, Integer> t = step(gallop, Queue.DEFAULT);
    TaskNode<Integer> root = TaskNode.of(t).input("i", 0).nodeId("root").build();
    List<TaskNode<Integer>> nodes = new ArrayList<>(List.of(root));
    for (int i = 1; i <= 3; i++) {
      nodes.add(TaskNode.of(t).input("i", i).nodeId("leaf" + i).waitsFor(root).build());
    }
    // one slot, no prefetch: the finishing root's own slot is the whole budget
    startWorker(fastWorker().concurrency(1).build());
    gallop.workflow("fan").nodes(nodes).build().start("f").get(WAIT);
    assertThat(sqlLong(HANDED_OFF, 0, "f")).isEqualTo(1);
    assertThat(sqlLong("select count(*) from gallop_tasks where status = 'COMPLETED'"))
        .isEqualTo(4);
  }

  @Test
  void nothingIsHandedOffWhileAnOlderRowWaitsInTheQueue() {
    // a row that waits in the queue (its workflow is not running, so no claim takes it)
    sqlUpdate(
        """
        insert into gallop_tasks (id, task_name, queue_name, priority, inputs, status, enqueued_at,
                                  enqueue_sha, workflow_id, node_index)
        values ('older', 'step', 'default', 100, '{}', 'PENDING', now() - interval '1 minute',
                'x', 'not-running', 0)
        """);
    Task<In, Integer> t = step(gallop, Queue.DEFAULT);
    startWorker(fastWorker().concurrency(2).build());
    gallop.workflow("chain").nodes(chain(t, 3)).build().start("o").get(WAIT);
    for (int i = 0; i < 2; i++) {
      assertThat(sqlLong(HANDED_OFF, i, "o")).as("link after %d", i).isZero();
    }
  }

  @Test
  void cappedQueuesAreLeftToTheClaimLoopAndItsCapCheck() {
    Gallop capped = newEngine(b -> b.queue(Queue.capped("capped", 1, 2)));
    Task<In, Integer> t = step(capped, "capped");
    startWorker(capped, fastWorker().concurrency(2).build());
    capped.workflow("chain").nodes(chain(t, 4)).build().start("k").get(WAIT);
    for (int i = 0; i < 3; i++) {
      assertThat(sqlLong(HANDED_OFF, i, "k")).as("link after %d", i).isZero();
    }
  }
}
