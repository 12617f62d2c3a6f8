package nested;

import dev.gallop.annotations.From;
import dev.gallop.annotations.Node;
import dev.gallop.annotations.SubWorkflow;
import dev.gallop.annotations.Value;
import dev.gallop.annotations.Workflow;
import dev.gallop.task.TaskResult;

public interface Batch {
  @Workflow(key = "nested.batch.v1", output = "add")
  Integer batch(int n);

  @SubWorkflow(Leaf.class)
  Integer first(int n);

  @SubWorkflow(Leaf.class)
  Integer second(@Value("10") int n);

  @Node(of = Steps.class)
  Integer add(@From("first") TaskResult<Integer> a, @From("second") TaskResult<Integer> b);
}
