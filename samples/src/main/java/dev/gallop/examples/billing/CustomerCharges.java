package dev.gallop.examples.billing;

import dev.gallop.annotations.From;
import dev.gallop.annotations.Node;
import dev.gallop.annotations.Workflow;
import dev.gallop.task.TaskResult;

/** The grandchild: one customer's charges, usage plus fee. */
public interface CustomerCharges {
  /** The signature. */
  @Workflow(key = "billing.customer-charges.v1", output = "total")
  Integer customerCharges(String customer);

  /** Metered usage. */
  @Node(of = Billing.class)
  Integer usage(String customer);

  /** The fee. */
  @Node(of = Billing.class)
  Integer fee(String customer);

  /** Usage plus fee. */
  @Node(of = Billing.class, task = "sum")
  Integer total(@From("usage") TaskResult<Integer> a, @From("fee") TaskResult<Integer> b);
}
