package dev.gallop.examples.joins;

import dev.gallop.annotations.Task;
import dev.gallop.task.TaskResult;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Price quotes from three suppliers, and the ways of combining them. */
public final class Quotes {
  /** Held until released, so that a test decides which supplier answers last. */
  public static final CountDownLatch SLOW_SUPPLIER = new CountDownLatch(1);

  /** A supplier's quote in cents; "broken" fails, "slow" waits for {@link #SLOW_SUPPLIER}. */
  @Task("quotes.ask")
  public TaskResult<Integer> ask(String supplier, int cents) throws InterruptedException {
    if (supplier.equals("broken")) {
      return TaskResult.err("SUPPLIER_DOWN", supplier + " does not answer");
    }
    if (supplier.equals("slow")) {
      SLOW_SUPPLIER.await(60, TimeUnit.SECONDS);
    }
    return TaskResult.ok(cents);
  }

  /**
   * The best quote among those that arrived; a missing (null) or failed one is skipped. Under ANY
   * and QUORUM joins, inputs of dependencies that had not finished are null.
   */
  @Task("quotes.best")
  public TaskResult<String> best(
      @Nullable TaskResult<Integer> fast,
      @Nullable TaskResult<Integer> slow,
      @Nullable TaskResult<Integer> broken) {
    long answered = Stream.of(fast, slow, broken).filter(Objects::nonNull).count();
    return Stream.of(fast, slow, broken)
        .filter(r -> r != null && r.isOk())
        .map(TaskResult::okValue)
        .min(Integer::compare)
        .map(c -> TaskResult.ok("best " + c + " of " + answered + " answered"))
        .orElseGet(() -> TaskResult.err("NO_QUOTE", "no supplier quoted"));
  }
}
