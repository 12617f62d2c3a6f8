package dev.gallop.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.gallop.task.BuiltInCode;
import dev.gallop.task.TaskError;
import dev.gallop.task.TaskResult;
import dev.gallop.task.UserCode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskResultJsonTest {
  record Order(
      String id, Instant at, LocalDate day, List<Integer> items, TaskResult<String> previous) {}

  @Test
  void recordsTimeCollectionsAndNestedResultsRoundTrip() throws Exception {
    Order o =
        new Order(
            "o-1",
            Instant.parse("2026-11-24T10:15:30.123Z"),
            LocalDate.of(2026, 11, 24),
            List.of(1, 2),
            TaskResult.err("PREV", "x"));
    String text = TaskResultJson.write(TaskResult.ok(o));
    assertThat(TaskResultJson.read(text, Order.class)).isEqualTo(TaskResult.ok(o));
    assertThat(text).contains("2026-11-24T10:15:30.123Z");
  }

  @Test
  void aSuccessIsWrittenAsTheTreeFormWouldBe() {
    Map<String, Object> unsorted = new java.util.LinkedHashMap<>();
    unsorted.put("z", 1);
    unsorted.put("a", List.of(1.5, new java.math.BigDecimal("12345678901234567890.125")));
    List<Object> values =
        java.util.Arrays.asList(
            null,
            42,
            "text with \"quotes\" and \u00e9",
            unsorted,
            java.util.Optional.of(Instant.parse("2026-11-24T10:15:30Z")),
            new Order(
                "o-1",
                Instant.parse("2026-11-24T10:15:30.123Z"),
                LocalDate.of(2026, 11, 24),
                List.of(1, 2),
                TaskResult.ok("prev")));
    for (Object v : values) {
      TaskResult<Object> r = TaskResult.ok(v);
      assertThat(TaskResultJson.write(r)).isEqualTo(TaskResultJson.toNode(r).toString());
    }
  }

  @Test
  void builtInAndUserCodesStayDistinguishable() throws Exception {
    TaskResult<Object> b =
        TaskResult.err(TaskError.of(BuiltInCode.WORKER_CRASHED, "m", Map.of("k", 1)));
    TaskResult<Object> u = TaskResult.err(new TaskError(new UserCode("MINE"), null, null, null));
    assertThat(TaskResultJson.read(TaskResultJson.write(b), null)).isEqualTo(b);
    assertThat(TaskResultJson.read(TaskResultJson.write(u), null).errValue().errorCode())
        .isEqualTo(new UserCode("MINE"));
    TaskResult<Object> noCode = TaskResult.err(new TaskError(null, "bare", null, null));
    assertThat(TaskResultJson.read(TaskResultJson.write(noCode), null)).isEqualTo(noCode);
  }

  @Test
  void unreadableAndUnconvertibleAreDistinct() {
    assertThatThrownBy(() -> TaskResultJson.read("{not json", Integer.class))
        .isInstanceOf(TaskResultJson.UnreadableException.class);
    assertThatThrownBy(() -> TaskResultJson.read("[1]", Integer.class))
        .isInstanceOf(TaskResultJson.UnreadableException.class);
    assertThatThrownBy(() -> TaskResultJson.read("{\"ok\":true,\"value\":\"abc\"}", Integer.class))
        .isInstanceOf(TaskResultJson.HydrationException.class);
  }

  @Test
  void nestedResultsInGenericCollectionsUseTheirDeclaredType() throws Exception {
    Map<String, TaskResult<Integer>> m =
        Map.of("a", TaskResult.ok(1), "b", TaskResult.err("X", null));
    String text = Json.write(m);
    Map<String, TaskResult<Integer>> back = Json.mapper().readValue(text, new TypeReference<>() {});
    assertThat(back).isEqualTo(m);
  }
}
