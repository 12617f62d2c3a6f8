package dev.gallop.internal.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gallop.internal.workflow.Readiness.Decision;
import dev.gallop.workflow.JoinType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadinessTest {
  @ParameterizedTest(name = "{0} d={1} c={2} f={3} s={4} min={5} afd={6} ctx={7} -> {8}")
  @CsvSource({
    "ALL, 3, 2, 0, 0, , false, 0, WAIT",
    "ALL, 3, 3, 0, 0, , false, 0, READY",
    "ALL, 3, 2, 1, 0, , false, 0, SKIP",
    "ALL, 3, 1, 1, 1, , true, 0, READY",
    "ALL, 3, 1, 1, 0, , true, 0, WAIT",
    "ALL, 3, 3, 0, 0, , false, 1, WAIT",
    "ANY, 3, 1, 0, 0, , false, 0, READY",
    "ANY, 3, 0, 1, 0, , false, 0, WAIT",
    "ANY, 3, 0, 2, 1, , false, 0, SKIP",
    "ANY, 3, 1, 0, 0, , false, 1, WAIT",
    "QUORUM, 3, 1, 1, 0, 2, false, 0, WAIT",
    "QUORUM, 3, 2, 1, 0, 2, false, 0, READY",
    "QUORUM, 3, 1, 2, 0, 2, false, 0, SKIP",
    "QUORUM, 3, 0, 1, 0, 3, false, 0, SKIP",
    "QUORUM, 3, 1, 0, 0, 1, false, 0, READY",
  })
  void joinRules(
      JoinType join,
      int d,
      int c,
      int f,
      int s,
      Integer min,
      boolean afd,
      int ctx,
      Decision expected) {
    assertThat(Readiness.evaluate(join, d, c, f, s, min, afd, ctx)).isEqualTo(expected);
  }
}
