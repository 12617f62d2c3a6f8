package shop;

import dev.gallop.annotations.From;
import dev.gallop.annotations.Node;
import dev.gallop.annotations.OnError;
import dev.gallop.annotations.Value;
import dev.gallop.annotations.Workflow;
import dev.gallop.task.TaskResult;
import shop.Orders.Order;
import shop.Orders.Receipt;
import shop.Orders.Sent;

public interface Checkout {
  @Workflow(key = "shop.checkout.v1", output = "confirm", onError = OnError.PAUSE)
  Sent checkout(String orderId, String email);

  @Node(of = Orders.class)
  Order validate(String orderId);

  @Node(of = Orders.class)
  Receipt charge(@From("validate") TaskResult<Order> order, @Value("EUR") String currency);

  @Node(of = Orders.class, ctxFrom = "charge")
  Sent confirm(String email);
}
