package dev.gallop.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gallop.error.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void fixedUsesOneIntervalPerRetry() {
    RetryPolicy p =
        RetryPolicy.fixed(List.of(Duration.ofSeconds(2), Duration.ofSeconds(5)), "X")
            .withJitter(false);
    assertThat(p.maxRetries()).isEqualTo(2);
    assertThat(p.delayFor(1, new SplittableRandom())).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.delayFor(2, new SplittableRandom())).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void exponentialDoublesAndIsCappedAtOneDay() {
    RetryPolicy p = RetryPolicy.exponential(Duration.ofSeconds(10), 20, "X").withJitter(false);
    assertThat(p.delayFor(1, new SplittableRandom())).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.delayFor(3, new SplittableRandom())).isEqualTo(Duration.ofSeconds(40));
    assertThat(p.delayFor(20, new SplittableRandom())).isEqualTo(Duration.ofSeconds(86_400));
  }

  @Test
  void jitterStaysWithinAQuarterAndNeverBelowOneSecond() {
    RetryPolicy p = RetryPolicy.exponential(Duration.ofSeconds(8), 3, "X");
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < 1000; i++) {
      assertThat(p.delayFor(1, r).toMillis()).isBetween(6000L, 10000L);
    }
    RetryPolicy small = RetryPolicy.exponential(Duration.ofSeconds(1), 3, "X");
    for (int i = 0; i < 1000; i++) {
      assertThat(small.delayFor(1, r)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }
  }

  @Test
  void invalidPoliciesNameTheValue() {
    assertThatThrownBy(() -> RetryPolicy.exponential(Duration.ofSeconds(1), 0, "X"))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> {
              assertThat(e.codes()).containsExactly("GALLOP-102");
              assertThat(e.getMessage()).contains("was 0");
            });
    assertThatThrownBy(() -> RetryPolicy.exponential(Duration.ofMillis(10), 1, "X"))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> RetryPolicy.exponential(Duration.ofSeconds(1), 1))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> RetryPolicy.exponential(Duration.ofSeconds(1), 1, "lower_case"))
        .isInstanceOf(ConfigurationException.class);
    assertThat(
            RetryPolicy.exponential(Duration.ofSeconds(1), 1, "WORKER_CRASHED")
                .retriesOn(BuiltInCode.WORKER_CRASHED))
        .isTrue();
  }
}
