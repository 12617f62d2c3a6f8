package dev.gallop.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskResultTest {
  @Test
  void okAndErrAccessors() {
    TaskResult<Integer> ok = TaskResult.ok(3);
    assertThat(ok.isOk()).isTrue();
    assertThat(ok.okValue()).isEqualTo(3);
    assertThat(ok.unwrap()).isEqualTo(3);
    assertThatThrownBy(ok::errValue).isInstanceOf(IllegalStateException.class);
    TaskResult<Integer> err = TaskResult.err("BAD", "no");
    assertThat(err.isErr()).isTrue();
    assertThat(err.hasCode("BAD")).isTrue();
    assertThatThrownBy(err::okValue).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(err::unwrap)
        .isInstanceOfSatisfying(
            TaskResultException.class, e -> assertThat(e.error().codeName()).isEqualTo("BAD"));
    assertThat(TaskResult.ok(null).okValue()).isNull();
    assertThatThrownBy(() -> TaskResult.err((TaskError) null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void valueSemantics() {
    assertThat(TaskResult.ok(1)).isEqualTo(TaskResult.ok(1)).hasSameHashCodeAs(TaskResult.ok(1));
    assertThat(TaskResult.err("A", "m")).isEqualTo(TaskResult.err("A", "m"));
    assertThat(TaskResult.err("A", "m")).isNotEqualTo(TaskResult.err("A", "other"));
  }

  @Test
  void reservedCodesAreRejectedAsUserCodes() {
    assertThatThrownBy(() -> new UserCode("WORKER_CRASHED"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> new UserCode(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThat(ErrorCode.parse("WORKER_CRASHED")).isSameAs(BuiltInCode.WORKER_CRASHED);
    assertThat(ErrorCode.parse("MINE")).isEqualTo(new UserCode("MINE"));
  }
}
