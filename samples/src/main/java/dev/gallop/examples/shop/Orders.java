package dev.gallop.examples.shop;

import dev.gallop.annotations.Retry;
import dev.gallop.annotations.Task;
import dev.gallop.task.TaskResult;
import dev.gallop.workflow.WorkflowContext;

/** The README's service class: three tasks of a shop's checkout. */
public final class Orders {
  /** An order. */
  public record Order(String id, long cents) {}

  /** A payment receipt. */
  public record Receipt(String orderId, long cents, String currency) {}

  /** A confirmation that was sent. */
  public record Sent(String to, String text) {}

  /** Looks the order up; an id starting with "bad" is invalid. */
  @Task("orders.validate")
  public TaskResult<Order> validate(String orderId) {
    if (orderId.startsWith("bad")) {
      return TaskResult.err("INVALID_ORDER", "order " + orderId + " does not exist");
    }
    return TaskResult.ok(new Order(orderId, 4200));
  }

  /** Charges the validated order. */
  @Task(value = "orders.charge", retry = @Retry(max = 3, initial = "PT1S"))
  public TaskResult<Receipt> charge(TaskResult<Order> order, String currency) {
    Order o = order.unwrap();
    return TaskResult.ok(new Receipt(o.id(), o.cents(), currency));
  }

  /** Confirms by mail, reading the receipt from the workflow context ({@code ctxFrom}). */
  @Task("orders.confirm")
  public TaskResult<Sent> confirm(String email, WorkflowContext ctx) {
    Receipt r = ctx.resultFor(CheckoutWorkflow.CHARGE).unwrap();
    return TaskResult.ok(new Sent(email, "paid " + r.cents() + " " + r.currency()));
  }
}
