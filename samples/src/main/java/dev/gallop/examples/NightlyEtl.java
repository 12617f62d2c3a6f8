package dev.gallop.examples;

import dev.gallop.annotations.From;
import dev.gallop.annotations.Node;
import dev.gallop.annotations.SuccessCase;
import dev.gallop.annotations.Value;
import dev.gallop.annotations.Workflow;
import dev.gallop.task.TaskResult;

/**
 * The demo's workflow, declared with annotations and checked by the compiler: extract, four
 * regional fetches (apac flaky and retried, legacy down for good), a merge that runs despite the
 * failure ({@code allowFailedDeps}), and a report. The run succeeds when the report completes;
 * legacy is optional. The processor generates {@code NightlyEtlWorkflow}.
 */
public interface NightlyEtl {
  /** The workflow: its parameter is the day to process; its output the report. */
  @Workflow(
      key = "demo.nightly-etl.v1",
      name = "nightly etl",
      output = "report",
      success = @SuccessCase("report"),
      optional = "legacy")
  String nightlyEtl(String date);

  /** The snapshot of {@code date}. */
  @Node(of = Etl.class)
  String extract(String date);

  /** Europe. */
  @Node(of = Etl.class, task = "fetch", waitsFor = "extract")
  Integer eu(
      @Value("eu") String region,
      @Value("1200") int rows,
      @Value("900") long millis,
      @Value("false") boolean flaky);

  /** The Americas. */
  @Node(of = Etl.class, task = "fetch", waitsFor = "extract")
  Integer us(
      @Value("us") String region,
      @Value("3400") int rows,
      @Value("1400") long millis,
      @Value("false") boolean flaky);

  /** Asia-Pacific: fails once, retried by the task's policy. */
  @Node(of = Etl.class, task = "fetch", waitsFor = "extract")
  Integer apac(
      @Value("apac") String region,
      @Value("800") int rows,
      @Value("700") long millis,
      @Value("true") boolean flaky);

  /** The legacy source: down for good. */
  @Node(of = Etl.class, task = "fetch", waitsFor = "extract")
  Integer legacy(
      @Value("legacy") String region,
      @Value("0") int rows,
      @Value("500") long millis,
      @Value("SOURCE_DOWN") String failWith,
      @Value("false") boolean flaky);

  /** Runs after every region finished, failed ones included. */
  @Node(of = Etl.class, allowFailedDeps = true)
  String merge(
      @From("eu") TaskResult<Integer> eu,
      @From("us") TaskResult<Integer> us,
      @From("apac") TaskResult<Integer> apac,
      @From("legacy") TaskResult<Integer> legacy);

  /** The output. */
  @Node(of = Etl.class)
  String report(@From("merge") TaskResult<String> merged);
}
