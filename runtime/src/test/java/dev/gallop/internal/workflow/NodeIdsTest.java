package dev.gallop.internal.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeIdsTest {
  @Test
  void slugFollowsTheSpecification() {
    assertThat(NodeIds.generated("Nightly ETL/v2", 3)).isEqualTo("Nightly_ETLv2:3");
    assertThat(NodeIds.generated("fan out", 1)).isEqualTo("fan_out:1");
    assertThat(NodeIds.slug("///")).isEqualTo("_");
    assertThat(NodeIds.slug("ünïcødé")).isEqualTo("ncd");
  }

  @Test
  void validity() {
    assertThat(NodeIds.valid("a-b_c:d.e")).isTrue();
    assertThat(NodeIds.valid("has space")).isFalse();
    assertThat(NodeIds.valid("x".repeat(129))).isFalse();
    assertThat(NodeIds.valid("'; drop table x; --")).isFalse();
  }

  @Test
  void cycleDetection() {
    assertThat(SpecValidator.findCycle(3, List.of(new int[] {2}, new int[] {0}, new int[] {1})))
        .hasSize(3);
    assertThat(SpecValidator.findCycle(3, List.of(new int[] {}, new int[] {2}, new int[] {1})))
        .containsExactlyInAnyOrder(1, 2);
    assertThat(SpecValidator.findCycle(3, List.of(new int[] {}, new int[] {0}, new int[] {0, 1})))
        .isEmpty();
  }
}
