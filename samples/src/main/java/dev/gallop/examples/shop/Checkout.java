package dev.gallop.examples.shop;

import dev.gallop.annotations.From;
import dev.gallop.annotations.Node;
import dev.gallop.annotations.OnError;
import dev.gallop.annotations.Value;
import dev.gallop.annotations.Workflow;
import dev.gallop.examples.shop.Orders.Order;
import dev.gallop.examples.shop.Orders.Receipt;
import dev.gallop.examples.shop.Orders.Sent;
import dev.gallop.task.TaskResult;

/** The README's workflow: validate, charge, confirm; it pauses on a failure. */
public interface Checkout {
  /** The signature: parameters and output type. */
  @Workflow(key = "shop.checkout.v1", output = "confirm", onError = OnError.PAUSE)
  Sent checkout(String orderId, String email);

  /** Bound to the workflow parameter {@code orderId}. */
  @Node(of = Orders.class)
  Order validate(String orderId);

  /** Takes validate's whole result, and a constant. */
  @Node(of = Orders.class)
  Receipt charge(@From("validate") TaskResult<Order> order, @Value("EUR") String currency);

  /** Reads charge through its WorkflowContext. */
  @Node(of = Orders.class, ctxFrom = "charge")
  Sent confirm(String email);
}
