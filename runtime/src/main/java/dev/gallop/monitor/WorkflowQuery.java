package dev.gallop.monitor;

import dev.gallop.workflow.WorkflowStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A filter for {@link Monitor#workflows}. Immutable; start from {@link #recent()} and narrow it
 * with the {@code with...} methods.
 *
 * @param statuses statuses to include; empty = all
 * @param nameContains case-insensitive part of the workflow name; null = any
 * @param createdAfter only workflows created at or after this instant; null = no bound
 * @param createdBefore only workflows created before this instant; null = no bound
 * @param topLevelOnly true to leave out child workflows of subworkflow nodes
 * @param limit at most this many rows, 1..1000
 */
public record WorkflowQuery(
    Set<WorkflowStatus> statuses,
    @Nullable String nameContains,
    @Nullable Instant createdAfter,
    @Nullable Instant createdBefore,
    boolean topLevelOnly,
    int limit) {
  /** Most rows one query returns. */
  public static final int MAX_LIMIT = 1000;

  /**
   * @throws IllegalArgumentException if {@code limit} is outside 1..1000 or the time bounds are
   *     reversed
   */
  public WorkflowQuery {
    statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
    Limits.check(limit);
    Limits.check(createdAfter, createdBefore);
  }

  /** Every workflow, top-level and child, the 50 newest. */
  public static WorkflowQuery recent() {
    return new WorkflowQuery(Set.of(), null, null, null, false, 50);
  }

  public WorkflowQuery withStatuses(Set<WorkflowStatus> s) {
    return new WorkflowQuery(s, nameContains, createdAfter, createdBefore, topLevelOnly, limit);
  }

  public WorkflowQuery withNameContains(@Nullable String part) {
    String p = part == null || part.isBlank() ? null : part;
    return new WorkflowQuery(statuses, p, createdAfter, createdBefore, topLevelOnly, limit);
  }

  public WorkflowQuery withCreatedAfter(@Nullable Instant t) {
    return new WorkflowQuery(statuses, nameContains, t, createdBefore, topLevelOnly, limit);
  }

  public WorkflowQuery withCreatedBefore(@Nullable Instant t) {
    return new WorkflowQuery(statuses, nameContains, createdAfter, t, topLevelOnly, limit);
  }

  public WorkflowQuery withTopLevelOnly(boolean on) {
    return new WorkflowQuery(statuses, nameContains, createdAfter, createdBefore, on, limit);
  }

  public WorkflowQuery withLimit(int n) {
    return new WorkflowQuery(statuses, nameContains, createdAfter, createdBefore, topLevelOnly, n);
  }
}
