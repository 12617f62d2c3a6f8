package dev.gallop.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gallop.task.Task;
import dev.gallop.task.TaskResult;
import dev.gallop.testing.IntegrationTest;
import dev.gallop.workflow.TaskNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Bulk inserts refresh the planner's statistics (an explicit ANALYZE: {@code last_analyze}; the
 * autovacuum daemon's would be {@code last_autoanalyze}), small ones do not.
 */
class StatisticsIT extends IntegrationTest {
  record In(int i) {}

  private Task<In, Integer> task() {
    return gallop.task("t", In.class, Integer.class).handler((in, ctx) -> TaskResult.ok(in.i()));
  }

  private boolean analyzed(String table) {
    return sqlLong(
            "select count(*) from pg_stat_user_tables"
                + " where schemaname = 'gallop' and relname = ? and last_analyze is not null",
            table)
        == 1;
  }

  @Test
  void aBulkSendAnalyzesTheTaskTableAndASmallOneDoesNot() {
    Task<In, Integer> t = task();
    t.sendAll(IntStream.range(0, 10).mapToObj(In::new).toList());
    assertThat(analyzed("gallop_tasks")).isFalse();

    t.sendAll(IntStream.range(0, Statistics.BULK_ROWS).mapToObj(In::new).toList());
    assertThat(analyzed("gallop_tasks")).isTrue();
  }

  @Test
  void startingALargeWorkflowAnalyzesTheNodeTable() {
    Task<In, Integer> t = task();
    gallop
        .workflow("small")
        .nodes(TaskNode.of(t).input("i", 0).nodeId("a").build())
        .build()
        .start();
    assertThat(analyzed("gallop_workflow_nodes")).isFalse();

    List<TaskNode<Integer>> nodes = new ArrayList<>();
    for (int i = 0; i < Statistics.BULK_ROWS; i++) {
      nodes.add(TaskNode.of(t).input("i", i).nodeId("n" + i).build());
    }
    gallop.workflow("large").nodes(nodes).build().start();
    assertThat(analyzed("gallop_workflow_nodes")).isTrue();
  }
}
