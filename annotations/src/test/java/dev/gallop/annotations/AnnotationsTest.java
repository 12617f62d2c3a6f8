package dev.gallop.annotations;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnotationsTest {
  private static final List<Class<?>> ALL =
      List.of(
          Task.class,
          Retry.class,
          MapException.class,
          Workflow.class,
          SuccessCase.class,
          Node.class,
          SubWorkflow.class,
          From.class,
          Param.class,
          Value.class);

  @Test
  void everyAnnotationIsReadAtCompileTimeOnly() {
    for (Class<?> a : ALL) {
      assertThat(a.isAnnotation()).as(a.getName()).isTrue();
      assertThat(a.getAnnotation(Retention.class).value())
          .as(a.getSimpleName())
          .isEqualTo(RetentionPolicy.CLASS);
    }
  }

  @Test
  void theEnumsMirrorTheRuntimesNames() {
    assertThat(OnError.values()).extracting(Enum::name).containsExactly("FAIL", "PAUSE");
    assertThat(Join.values()).extracting(Enum::name).containsExactly("ALL", "ANY", "QUORUM");
    assertThat(Retry.Backoff.values())
        .extracting(Enum::name)
        .containsExactly("FIXED", "EXPONENTIAL");
  }
}
