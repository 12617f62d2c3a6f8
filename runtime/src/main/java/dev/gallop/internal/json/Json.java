package dev.gallop.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import dev.gallop.task.TaskResult;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/**
 * The engine's one JSON configuration: records, {@code java.time} as ISO strings, {@code Optional},
 * nested {@link TaskResult}s, and sorted keys so that equal payloads give equal text (the send hash
 * depends on it). Thread-safe.
 */
public final class Json {
  private static final ObjectMapper MAPPER = create();

  /**
   * Reads a whole stored text: trailing tokens ({@code {}{}}) make it unreadable. Only for whole
   * texts; nested deserializers read sub-trees and must not check for trailing tokens.
   */
  private static final ObjectReader WHOLE_TEXT =
      MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static ObjectMapper create() {
    SimpleModule results = new SimpleModule("gallop-task-result");
    results.addSerializer(new TaskResultJson.Serializer());
    results.addDeserializer(TaskResult.class, new TaskResultJson.Deserializer(null));
    // task bodies run on virtual threads, one per task: Jackson's default per-thread buffer
    // recycling never reuses a buffer there (allocating them was the worker's top JSON cost)
    JsonFactory factory =
        JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();
    return JsonMapper.builder(factory)
        .addModule(new JavaTimeModule())
        .addModule(new Jdk8Module())
        .addModule(new ParameterNamesModule())
        .addModule(results)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
        .build();
  }

  public static JavaType type(Type t) {
    return MAPPER.getTypeFactory().constructType(t);
  }

  /** Serializes to canonical text. @throws JsonProcessingException when not serializable */
  public static String write(@Nullable Object value) throws JsonProcessingException {
    return MAPPER.writeValueAsString(value);
  }

  public static JsonNode tree(@Nullable Object value) {
    return MAPPER.valueToTree(value);
  }

  /** Parses text. @throws JsonProcessingException when it is not JSON */
  public static JsonNode parse(String text) throws JsonProcessingException {
    return WHOLE_TEXT.readTree(text);
  }

  /**
   * Converts a tree to a Java type; {@code null} type means generic form (maps, lists, strings,
   * numbers, booleans).
   *
   * @throws IllegalArgumentException when it cannot become that type
   */
  public static @Nullable Object convert(@Nullable JsonNode node, @Nullable Type type) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (type == null || type == Object.class) {
      return MAPPER.convertValue(node, Object.class);
    }
    return MAPPER.convertValue(node, type(type));
  }
}
