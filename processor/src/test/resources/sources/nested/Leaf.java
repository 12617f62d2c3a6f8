package nested;

import dev.gallop.annotations.Node;
import dev.gallop.annotations.Workflow;

public interface Leaf {
  @Workflow(key = "nested.leaf.v1", output = "make")
  Integer leaf(int n);

  @Node(of = Steps.class)
  Integer make(int n);
}
