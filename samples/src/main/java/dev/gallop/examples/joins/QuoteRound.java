package dev.gallop.examples.joins;

import dev.gallop.annotations.From;
import dev.gallop.annotations.Join;
import dev.gallop.annotations.Node;
import dev.gallop.annotations.SuccessCase;
import dev.gallop.annotations.Value;
import dev.gallop.annotations.Workflow;
import dev.gallop.task.TaskResult;
import org.jspecify.annotations.Nullable;

/**
 * Every join type on the same three suppliers: {@code first} (ANY) runs on the first quote, {@code
 * twoOfThree} (QUORUM 2) on the second, {@code all} (ALL with allowFailedDeps) once every supplier
 * finished, failures included. A void workflow: {@code get()} returns the sink results.
 */
public interface QuoteRound {
  /**
   * The signature; the round succeeds when {@code all} completes (the broken supplier may fail).
   */
  @Workflow(key = "demo.quote-round.v1", success = @SuccessCase("all"), optional = "broken")
  void quoteRound();

  /** Answers at once. */
  @Node(of = Quotes.class, task = "ask")
  Integer fast(@Value("fast") String supplier, @Value("900") int cents);

  /** Answers when released. */
  @Node(of = Quotes.class, task = "ask")
  Integer slow(@Value("slow") String supplier, @Value("700") int cents);

  /** Fails. */
  @Node(of = Quotes.class, task = "ask")
  Integer broken(@Value("broken") String supplier, @Value("500") int cents);

  /** ANY: the first quote wins. */
  @Node(of = Quotes.class, task = "best", join = Join.ANY)
  String first(
      @From("fast") @Nullable TaskResult<Integer> fast,
      @From("slow") @Nullable TaskResult<Integer> slow,
      @From("broken") @Nullable TaskResult<Integer> broken);

  /** QUORUM: two completed quotes are enough. */
  @Node(of = Quotes.class, task = "best", join = Join.QUORUM, minSuccess = 2)
  String twoOfThree(
      @From("fast") @Nullable TaskResult<Integer> fast,
      @From("slow") @Nullable TaskResult<Integer> slow,
      @From("broken") @Nullable TaskResult<Integer> broken);

  /** ALL with allowFailedDeps: waits for every supplier and tolerates the broken one. */
  @Node(of = Quotes.class, task = "best", allowFailedDeps = true)
  String all(
      @From("fast") TaskResult<Integer> fast,
      @From("slow") TaskResult<Integer> slow,
      @From("broken") TaskResult<Integer> broken);
}
