package dev.gallop.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gallop.internal.json.Json;
import java.io.IOException;

/** Small checks on stored result text. */
final class TaskHandleResults {
  private TaskHandleResults() {}

  static boolean readable(String text) {
    try {
      JsonNode n = Json.parse(text);
      return n.isObject() && n.has("ok") && n.get("ok").isBoolean();
    } catch (IOException e) {
      return false;
    }
  }

  static boolean isOk(String text) {
    try {
      return Json.parse(text).path("ok").asBoolean(false);
    } catch (IOException e) {
      return false;
    }
  }
}
