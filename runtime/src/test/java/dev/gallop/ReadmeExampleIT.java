package dev.gallop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gallop.task.RetryPolicy;
import dev.gallop.task.Task;
import dev.gallop.task.TaskResult;
import dev.gallop.testing.IntegrationTest;
import dev.gallop.worker.Worker;
import dev.gallop.worker.WorkerOptions;
import dev.gallop.workflow.TaskNode;
import dev.gallop.workflow.WorkflowHandle;
import dev.gallop.workflow.WorkflowSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's first example, kept compiling and true. */
class ReadmeExampleIT extends IntegrationTest {
  record Add(int a, int b) {}

  record Scale(TaskResult<Integer> sum, int factor) {}

  @Test
  void readmeExampleWorks() {
    Task<Add, Integer> add =
        gallop
            .task("add", Add.class, Integer.class)
            .handler((in, ctx) -> TaskResult.ok(in.a() + in.b()));
    Task<Scale, Integer> scale =
        gallop
            .task("scale", Scale.class, Integer.class)
            .retryPolicy(RetryPolicy.exponential(Duration.ofSeconds(1), 3, "UNHANDLED_EXCEPTION"))
            .handler((in, ctx) -> TaskResult.ok(in.sum().unwrap() * in.factor()));

    try (Worker worker =
        gallop
            .worker(WorkerOptions.builder().notifyPollInterval(Duration.ofSeconds(1)).build())
            .start()) {
      TaskResult<Integer> five = add.send(new Add(2, 3)).get(Duration.ofSeconds(10));
      assertThat(five).isEqualTo(TaskResult.ok(5));

      TaskNode<Integer> sum = TaskNode.of(add).input("a", 5).input("b", 3).build();
      TaskNode<Integer> scaled =
          TaskNode.of(scale)
              .waitsFor(sum)
              .argsFrom("sum", sum)
              .input("factor", 10)
              .nodeId("scale")
              .build();
      WorkflowSpec<Integer> spec =
          gallop.workflow("scaled sum").nodes(sum, scaled).output(scaled).build();

      WorkflowHandle<Integer> handle = spec.start("order-42");
      assertThat(handle.get(Duration.ofSeconds(30))).isEqualTo(TaskResult.ok(80));
      assertThat(gallop.workflowHandle("order-42", Integer.class).get(Duration.ZERO))
          .isEqualTo(TaskResult.ok(80));
    }
  }
}
