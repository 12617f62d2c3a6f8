package dev.gallop.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void storableTextAllowsAnyValidUnicodeButNoNulOrUnpairedSurrogate() {
    assertThat(Ids.unstorable("plain 'quoted'; -- \"x\" 日本語 😀 \u202e\n\t")).isNull();
    assertThat(Ids.unstorable("a\u0000b")).isEqualTo("contains a NUL character at index 1");
    assertThat(Ids.unstorable("ab\ud800"))
        .contains("unpaired UTF-16 surrogate (U+D800) at index 2");
    assertThat(Ids.unstorable("\udc00x")).contains("(U+DC00) at index 0");
    assertThat(Ids.unstorable("\ud83d\ude00\ud83d")).contains("at index 2");
  }

  @Test
  void idProblemsNameTheRuleAndTheOffendingValue() {
    assertThat(Ids.problem("task", "ok-id")).isNull();
    assertThat(Ids.problem("task", "x".repeat(128))).isNull();
    assertThat(Ids.problem("task", "x".repeat(129))).contains("at most 128", "129");
    assertThat(Ids.problem("task", "  ")).contains("non-blank");
    assertThat(Ids.problem("workflow", "a\u0000"))
        .isEqualTo("workflow id contains a NUL character at index 1");
  }

  @Test
  void payloadProblemsCheckEncodingBeforeSize() {
    assertThat(Ids.payloadProblem("input", "{\"a\":\"é\"}", 10)).isNull();
    assertThat(Ids.payloadProblem("input", "{\"a\":\"éé\"}", 10))
        .isEqualTo("serialized input is 12 bytes, over the payload limit of 10 bytes");
    assertThat(Ids.payloadProblem("result", "\"\ud800\"", 10))
        .contains("serialized result contains an unpaired UTF-16 surrogate", "cannot be stored");
  }
}
