package dev.gallop.examples.billing;

import dev.gallop.annotations.From;
import dev.gallop.annotations.Node;
import dev.gallop.annotations.SubWorkflow;
import dev.gallop.annotations.Value;
import dev.gallop.annotations.Workflow;
import dev.gallop.task.TaskResult;

/** The child: an invoice for one customer, whose charges are a subworkflow of their own. */
public interface Invoice {
  /** The signature. */
  @Workflow(key = "billing.invoice.v1", output = "amount")
  Integer invoice(String customer);

  /** The customer's charges: the grandchild workflow. */
  @SubWorkflow(CustomerCharges.class)
  Integer charges(String customer);

  /** A flat shipping line. */
  @Node(of = Billing.class, task = "fee")
  Integer shipping(@Value("shipping") String customer);

  /** The invoice amount. */
  @Node(of = Billing.class, task = "sum")
  Integer amount(@From("charges") TaskResult<Integer> a, @From("shipping") TaskResult<Integer> b);
}
