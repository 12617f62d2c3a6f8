package dev.gallop.monitor;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Argument checks shared by the query records. */
final class Limits {
  private Limits() {}

  static void check(int limit) {
    if (limit < 1 || limit > WorkflowQuery.MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be 1.." + WorkflowQuery.MAX_LIMIT + ", was " + limit);
    }
  }

  static void check(@Nullable Instant after, @Nullable Instant before) {
    if (after != null && before != null && !after.isBefore(before)) {
      throw new IllegalArgumentException(
          "createdAfter must be before createdBefore, was " + after + " .. " + before);
    }
  }
}
