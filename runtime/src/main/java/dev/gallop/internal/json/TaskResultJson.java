package dev.gallop.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.gallop.task.BuiltInCode;
import dev.gallop.task.ErrorCode;
import dev.gallop.task.TaskError;
import dev.gallop.task.TaskResult;
import dev.gallop.task.UserCode;
import java.io.IOException;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of {@link TaskResult}: {@code {"ok":true,"value":...}} or {@code
 * {"ok":false,"error":{"code":"X","builtIn":true,"message":...,"data":...,"exception":{...}}}}. The
 * {@code builtIn} flag keeps built-in and user codes distinguishable after a round trip.
 */
public final class TaskResultJson {
  private TaskResultJson() {}

  /** The stored text was not a readable TaskResult. */
  public static final class UnreadableException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadableException(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }

  /** The stored value was valid JSON but cannot become the requested Java type. */
  public static final class HydrationException extends Exception {
    private static final long serialVersionUID = 1L;

    HydrationException(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }

  public static ObjectNode toNode(TaskResult<?> result) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    switch (result) {
      case TaskResult.Ok<?> ok -> {
        n.put("ok", true);
        n.set("value", Json.tree(ok.value()));
      }
      case TaskResult.Err<?> err -> {
        n.put("ok", false);
        n.set("error", errorToNode(err.error()));
      }
    }
    return n;
  }

  public static ObjectNode errorToNode(TaskError e) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    ErrorCode code = e.errorCode();
    if (code == null) {
      n.putNull("code");
    } else {
      n.put("code", code.name());
      n.put("builtIn", code instanceof BuiltInCode);
    }
    if (e.message() != null) {
      n.put("message", e.message());
    }
    if (e.data() != null) {
      n.set("data", Json.tree(e.data()));
    }
    TaskError.ExceptionInfo x = e.exception();
    if (x != null) {
      ObjectNode xn = n.putObject("exception");
      xn.put("className", x.className());
      if (x.message() != null) {
        xn.put("message", x.message());
      }
      if (x.stackTrace() != null) {
        xn.put("stackTrace", x.stackTrace());
      }
    }
    return n;
  }

  public static String write(TaskResult<?> result) {
    if (result instanceof TaskResult.Ok<?> ok) { // the common case, without an intermediate tree
      try {
        return "{\"ok\":true,\"value\":" + Json.write(ok.value()) + "}";
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    return toNode(result).toString();
  }

  /** Reads stored text; {@code valueType} null = generic form. */
  public static TaskResult<Object> read(String text, @Nullable Type valueType)
      throws UnreadableException, HydrationException {
    JsonNode node;
    try {
      node = Json.parse(text);
    } catch (IOException e) {
      throw new UnreadableException("stored result is not valid JSON: " + e.getMessage(), e);
    }
    return fromNode(node, valueType);
  }

  public static TaskResult<Object> fromNode(JsonNode node, @Nullable Type valueType)
      throws UnreadableException, HydrationException {
    if (node == null || !node.isObject() || !node.has("ok") || !node.get("ok").isBoolean()) {
      throw new UnreadableException(
          "stored result is not a TaskResult object: " + abbreviate(node), null);
    }
    if (node.get("ok").asBoolean()) {
      try {
        return TaskResult.ok(Json.convert(node.get("value"), valueType));
      } catch (IllegalArgumentException e) {
        throw new HydrationException(
            "stored value cannot become "
                + (valueType == null ? "Object" : valueType.getTypeName())
                + ": "
                + e.getMessage(),
            e);
      }
    }
    return TaskResult.err(errorFromNode(node.get("error")));
  }

  public static TaskError errorFromNode(@Nullable JsonNode e) throws UnreadableException {
    if (e == null || !e.isObject()) {
      throw new UnreadableException("stored error is not an object: " + abbreviate(e), null);
    }
    ErrorCode code = null;
    JsonNode c = e.get("code");
    if (c != null && c.isTextual()) {
      boolean builtIn = e.path("builtIn").asBoolean(false);
      BuiltInCode b = BuiltInCode.byName(c.asText());
      try {
        code = builtIn && b != null ? b : new UserCode(c.asText());
      } catch (IllegalArgumentException ex) {
        code = b; // a user code stored with a reserved name can only be the built-in one
      }
    }
    String message = e.hasNonNull("message") ? e.get("message").asText() : null;
    Object data = e.hasNonNull("data") ? Json.convert(e.get("data"), null) : null;
    TaskError.ExceptionInfo info = null;
    JsonNode x = e.get("exception");
    if (x != null && x.isObject()) {
      info =
          new TaskError.ExceptionInfo(
              x.path("className").asText(),
              x.hasNonNull("message") ? x.get("message").asText() : null,
              x.hasNonNull("stackTrace") ? x.get("stackTrace").asText() : null);
    }
    if (code == BuiltInCode.SUBWORKFLOW_FAILED
        && data instanceof java.util.Map<?, ?> m
        && m.get("subWorkflowId") instanceof String childId
        && e.path("data").has("subWorkflowSummary")) {
      @SuppressWarnings("unchecked")
      java.util.Map<String, Object> dataMap = (java.util.Map<String, Object>) m;
      return new dev.gallop.workflow.SubWorkflowError(
          message,
          dataMap,
          childId,
          SummaryJson.fromNode(e.path("data").get("subWorkflowSummary"), null));
    }
    return new TaskError(code, message, data, info);
  }

  private static String abbreviate(@Nullable JsonNode n) {
    String s = String.valueOf(n);
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }

  /** Jackson serializer for TaskResult values nested in user types. */
  static final class Serializer extends StdSerializer<TaskResult<?>> {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings({"unchecked", "rawtypes"})
    Serializer() {
      super((Class) TaskResult.class);
    }

    @Override
    public void serialize(TaskResult<?> value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeTree(toNode(value));
    }
  }

  /** Contextual Jackson deserializer: uses the declared {@code TaskResult<X>} parameter. */
  @SuppressWarnings("rawtypes")
  static final class Deserializer extends JsonDeserializer<TaskResult>
      implements ContextualDeserializer {
    private final @Nullable JavaType valueType;

    Deserializer(@Nullable JavaType valueType) {
      this.valueType = valueType;
    }

    @Override
    public JsonDeserializer<?> createContextual(
        DeserializationContext ctxt, BeanProperty property) {
      JavaType t = ctxt.getContextualType();
      if (t == null && property != null) {
        t = property.getType();
      }
      JavaType param = t == null || t.containedTypeCount() == 0 ? null : t.containedType(0);
      return new Deserializer(param);
    }

    @Override
    public TaskResult deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode node = p.readValueAsTree();
      try {
        return fromNode(node, valueType);
      } catch (UnreadableException | HydrationException e) {
        throw new com.fasterxml.jackson.databind.JsonMappingException(p, e.getMessage(), e);
      }
    }
  }
}
