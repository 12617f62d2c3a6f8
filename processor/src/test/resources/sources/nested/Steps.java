package nested;

import dev.gallop.annotations.Task;
import dev.gallop.task.TaskResult;

public class Steps {
  @Task("nested.make")
  public TaskResult<Integer> make(int n) {
    return TaskResult.ok(n);
  }

  @Task("nested.add")
  public TaskResult<Integer> add(TaskResult<Integer> a, TaskResult<Integer> b) {
    return TaskResult.ok(a.unwrap() + b.unwrap());
  }
}
