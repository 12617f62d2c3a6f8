package dev.gallop.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.internal.json.Json;
import dev.gallop.internal.json.TaskResultJson;
import dev.gallop.workflow.WorkflowContext;
import dev.gallop.workflow.WorkflowMeta;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns input records into the stored JSON object (name to value) and back. The reserved key {@link
 * #CONTEXT_KEY} carries a captured {@link WorkflowContext}.
 */
public final class InputCodec {
  /** Key of the captured workflow context inside a task's stored inputs. */
  public static final String CONTEXT_KEY = "__gallop_ctx";

  private InputCodec() {}

  /** The stored form of a standalone task's input record; worker-filled components are left out. */
  public static ObjectNode encode(InputShape shape, Object record)
      throws ReflectiveOperationException {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    Object[] values = shape.values(record);
    int i = 0;
    for (InputShape.Input in : shape.inputs().values()) {
      Object v = values[i++];
      if (in.kind() == InputShape.Kind.CONTEXT || in.kind() == InputShape.Kind.META) {
        continue;
      }
      if (v instanceof Optional<?> o) {
        v = o.orElse(null);
      }
      if (v != null) {
        out.set(in.name(), Json.tree(v));
      }
    }
    return out;
  }

  /** Thrown when stored inputs cannot become the record. */
  public static final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    DecodeException(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }

  /** Builds the input record for a run. */
  public static Object decode(
      InputShape shape, JsonNode stored, @Nullable WorkflowContext ctx, @Nullable WorkflowMeta meta)
      throws DecodeException {
    if (!stored.isObject()) {
      throw new DecodeException("stored inputs are not a JSON object", null);
    }
    Object[] args = new Object[shape.inputs().size()];
    int i = 0;
    for (InputShape.Input in : shape.inputs().values()) {
      JsonNode v = stored.get(in.name());
      try {
        args[i++] =
            switch (in.kind()) {
              case CONTEXT -> ctx;
              case META -> meta;
              case TASK_RESULT ->
                  v == null || v.isNull() ? null : TaskResultJson.fromNode(v, in.resultParam());
              case VALUE -> value(in, v);
            };
      } catch (TaskResultJson.UnreadableException
          | TaskResultJson.HydrationException
          | IllegalArgumentException e) {
        throw new DecodeException(
            "input '" + in.name() + "' cannot be decoded: " + e.getMessage(), e);
      }
    }
    try {
      return shape.construct(args);
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new DecodeException(
          "input record " + shape.recordType().getSimpleName() + " rejected its values: " + cause,
          cause);
    }
  }

  private static @Nullable Object value(InputShape.Input in, @Nullable JsonNode v) {
    boolean absent = v == null || v.isNull();
    if (in.optional()) {
      if (absent) {
        return Optional.empty();
      }
      return Json.mapper().convertValue(v, Json.type(in.type()));
    }
    if (absent) {
      if (in.primitive()) {
        throw new IllegalArgumentException("primitive input has no value");
      }
      return null;
    }
    return Json.convert(v, in.type());
  }
}
