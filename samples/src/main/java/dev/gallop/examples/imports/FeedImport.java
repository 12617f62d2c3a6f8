package dev.gallop.examples.imports;

import dev.gallop.annotations.From;
import dev.gallop.annotations.Node;
import dev.gallop.annotations.OnError;
import dev.gallop.annotations.SuccessCase;
import dev.gallop.annotations.Workflow;
import dev.gallop.task.TaskResult;

/**
 * {@code onError = PAUSE}: when enrichment fails the import pauses, so that an operator can look
 * and {@code resume()} it; a failed node is never re-run, and {@code publish} (allowFailedDeps)
 * then publishes plain rows. The success policy makes {@code enrich} optional.
 */
public interface FeedImport {
  /** The signature. */
  @Workflow(
      key = "demo.feed-import.v1",
      output = "publish",
      onError = OnError.PAUSE,
      success = @SuccessCase("publish"),
      optional = "enrich")
  String feedImport(String feed);

  /** Bound to the workflow parameter. */
  @Node(of = Feeds.class)
  Integer download(String feed);

  /** Fails while the partner is down. */
  @Node(of = Feeds.class)
  Integer enrich(@From("download") TaskResult<Integer> rows);

  /** Runs after enrich, failed or not. */
  @Node(of = Feeds.class, allowFailedDeps = true)
  String publish(
      @From("download") TaskResult<Integer> rows, @From("enrich") TaskResult<Integer> enriched);
}
