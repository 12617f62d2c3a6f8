package shop;

import dev.gallop.annotations.MapException;
import dev.gallop.annotations.Retry;
import dev.gallop.annotations.Task;
import dev.gallop.task.TaskResult;
import dev.gallop.workflow.WorkflowContext;

public final class Orders {
  public record Order(String id, long cents) {}

  public record Receipt(String orderId, long cents, String currency) {}

  public record Sent(String to) {}

  @Task("orders.validate")
  public TaskResult<Order> validate(String orderId) {
    return TaskResult.ok(new Order(orderId, 1200));
  }

  @Task(
      value = "orders.charge",
      retry = @Retry(max = 3, initial = "PT1S"),
      mapExceptions = @MapException(type = IllegalStateException.class, code = "CARD_DECLINED"))
  public TaskResult<Receipt> charge(TaskResult<Order> order, String currency) {
    Order o = order.unwrap();
    return TaskResult.ok(new Receipt(o.id(), o.cents(), currency));
  }

  @Task("orders.confirm")
  public TaskResult<Sent> confirm(String email, WorkflowContext ctx) {
    return TaskResult.ok(new Sent(email));
  }
}
