package dev.gallop.examples.billing;

import dev.gallop.annotations.Task;
import dev.gallop.task.TaskResult;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Tasks of a month's billing run: invoice lines, a customer's invoice, the run's total. */
public final class Billing {
  /** Held until released, so that a test can pause the run while a grandchild works. */
  public static final CountDownLatch METER_READS = new CountDownLatch(1);

  /** A customer's metered usage in cents (waits for {@link #METER_READS}). */
  @Task("billing.usage")
  public TaskResult<Integer> usage(String customer) throws InterruptedException {
    METER_READS.await(60, TimeUnit.SECONDS);
    return TaskResult.ok(customer.length() * 100);
  }

  /** The subscription fee in cents. */
  @Task("billing.fee")
  public TaskResult<Integer> fee(String customer) {
    return TaskResult.ok(1000);
  }

  /** Sums two amounts. */
  @Task("billing.sum")
  public TaskResult<Integer> sum(TaskResult<Integer> a, TaskResult<Integer> b) {
    return TaskResult.ok(a.unwrap() + b.unwrap());
  }
}
