package dev.gallop.task;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Options of one send. Immutable.
 *
 * @param taskId caller-chosen id (non-blank, at most 128 characters); null = a random UUID
 * @param delay claimable only after this delay; null = at once
 * @param goodUntil the task must start before this instant, else it expires; null = no deadline
 */
public record SendOptions(
    @Nullable String taskId, @Nullable Duration delay, @Nullable Instant goodUntil) {

  /** No options: generated id, no delay, no deadline. */
  public static SendOptions none() {
    return new SendOptions(null, null, null);
  }

  public static SendOptions withId(String taskId) {
    return new SendOptions(taskId, null, null);
  }

  public SendOptions taskId(String id) {
    return new SendOptions(id, delay, goodUntil);
  }

  public SendOptions delay(Duration d) {
    return new SendOptions(taskId, d, goodUntil);
  }

  public SendOptions goodUntil(Instant until) {
    return new SendOptions(taskId, delay, until);
  }
}
