package dev.gallop.examples.billing;

import dev.gallop.annotations.From;
import dev.gallop.annotations.Node;
import dev.gallop.annotations.SubWorkflow;
import dev.gallop.annotations.Workflow;
import dev.gallop.task.TaskResult;

/** The parent: two invoices (children, each with a grandchild) and their total. */
public interface MonthlyBilling {
  /** The signature. */
  @Workflow(key = "billing.monthly.v1", output = "total")
  Integer monthlyBilling(String first, String second);

  /** The first customer's invoice. */
  @SubWorkflow(Invoice.class)
  Integer firstInvoice(@dev.gallop.annotations.Param("first") String customer);

  /** The second customer's invoice. */
  @SubWorkflow(Invoice.class)
  Integer secondInvoice(@dev.gallop.annotations.Param("second") String customer);

  /** The month's total. */
  @Node(of = Billing.class, task = "sum")
  Integer total(
      @From("firstInvoice") TaskResult<Integer> a, @From("secondInvoice") TaskResult<Integer> b);
}
