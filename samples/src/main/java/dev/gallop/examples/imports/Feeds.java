package dev.gallop.examples.imports;

import dev.gallop.annotations.Task;
import dev.gallop.task.TaskResult;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/** An import whose enrichment depends on a partner service that can be down. */
public final class Feeds {
  /** Whether the partner answers (an operator "fixes" it in the sample's test). */
  public static final AtomicBoolean PARTNER_UP = new AtomicBoolean(false);

  /** Downloads a feed. */
  @Task("feeds.download")
  public TaskResult<Integer> download(String feed) {
    return TaskResult.ok(feed.length() * 100);
  }

  /** Enriches the rows through the partner; fails while it is down. */
  @Task("feeds.enrich")
  public TaskResult<Integer> enrich(TaskResult<Integer> rows) {
    return PARTNER_UP.get()
        ? TaskResult.ok(rows.unwrap())
        : TaskResult.err("PARTNER_DOWN", "the enrichment partner is down");
  }

  /** Publishes, enriched or not. */
  @Task("feeds.publish")
  public TaskResult<String> publish(
      TaskResult<Integer> rows, @Nullable TaskResult<Integer> enriched) {
    boolean rich = enriched != null && enriched.isOk();
    return TaskResult.ok("published " + rows.unwrap() + (rich ? " enriched" : " plain") + " rows");
  }
}
