package dev.gallop.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.internal.json.Json;
import dev.gallop.task.ErrorCode;
import dev.gallop.task.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Stored form of a {@link RetryPolicy}. It is written on every task row so that any worker (and the
 * reaper of any worker) decides retries the same way, whether or not the task is registered there.
 */
public final class RetryPolicyJson {
  private RetryPolicyJson() {}

  public static @Nullable String write(@Nullable RetryPolicy p) {
    if (p == null) {
      return null;
    }
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("maxRetries", p.maxRetries());
    ArrayNode iv = n.putArray("intervalsMs");
    p.intervals().forEach(d -> iv.add(d.toMillis()));
    n.put("backoff", p.backoff().name());
    n.put("jitter", p.jitter());
    ArrayNode codes = n.putArray("autoRetryFor");
    p.autoRetryFor().stream().map(ErrorCode::name).sorted().forEach(codes::add);
    return n.toString();
  }

  public static @Nullable RetryPolicy read(@Nullable String text) {
    if (text == null) {
      return null;
    }
    try {
      JsonNode n = Json.parse(text);
      List<Duration> intervals = new ArrayList<>();
      n.get("intervalsMs").forEach(v -> intervals.add(Duration.ofMillis(v.asLong())));
      Set<ErrorCode> codes = new LinkedHashSet<>();
      n.get("autoRetryFor").forEach(v -> codes.add(ErrorCode.parse(v.asText())));
      return new RetryPolicy(
          n.get("maxRetries").asInt(),
          intervals,
          RetryPolicy.Backoff.valueOf(n.get("backoff").asText()),
          n.get("jitter").asBoolean(),
          codes);
    } catch (Exception e) {
      return null; // an unreadable policy means: no retries
    }
  }
}
