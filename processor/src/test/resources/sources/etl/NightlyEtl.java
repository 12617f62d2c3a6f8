package etl;

import dev.gallop.annotations.From;
import dev.gallop.annotations.Join;
import dev.gallop.annotations.Node;
import dev.gallop.annotations.Param;
import dev.gallop.annotations.SuccessCase;
import dev.gallop.annotations.Value;
import dev.gallop.annotations.Workflow;
import dev.gallop.task.TaskResult;
import java.util.List;
import org.jspecify.annotations.Nullable;

public interface NightlyEtl {
  @Workflow(
      key = "etl.nightly.v1",
      name = "nightly etl",
      success = @SuccessCase("merge"),
      optional = "us")
  void run(String day);

  @Node(of = Etl.class)
  String extract(@Param("day") String date);

  @Node(of = Etl.class, task = "fetch", waitsFor = "extract")
  Integer eu(@Value("eu") String region);

  @Node(of = Etl.class, task = "fetch", waitsFor = "extract", queue = "slow", goodFor = "PT10M")
  Integer us(@Value("us") String region);

  @Node(of = Etl.class, join = Join.QUORUM, minSuccess = 1)
  List<String> merge(
      @From("eu") @Nullable TaskResult<Integer> eu, @From("us") @Nullable TaskResult<Integer> us);
}
