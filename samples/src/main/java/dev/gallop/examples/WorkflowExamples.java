package dev.gallop.examples;

import dev.gallop.Gallop;
import dev.gallop.task.Task;
import dev.gallop.task.TaskResult;
import dev.gallop.worker.Worker;
import dev.gallop.worker.WorkerOptions;
import dev.gallop.workflow.JoinType;
import dev.gallop.workflow.SuccessCase;
import dev.gallop.workflow.SuccessPolicy;
import dev.gallop.workflow.TaskNode;
import dev.gallop.workflow.WorkflowHandle;
import dev.gallop.workflow.WorkflowStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The patterns of docs/workflows.md as one runnable program: a linear chain, a diamond with
 * recovery, a quorum join, a success policy, and pause/resume. Run it with {@code scripts/mvn21 -q
 * -f samples/pom.xml exec:java -Dexec.mainClass=dev.gallop.examples.WorkflowExamples} after {@code
 * scripts/demo} has installed the modules.
 */
public final class WorkflowExamples {
  /** A step that returns its label, optionally after a pause, or fails with a code. */
  public record Step(String label, long millis, @Nullable String failWith) {}

  /** Joins two upstream results, tolerating failures. */
  public record Merge(@Nullable TaskResult<String> left, @Nullable TaskResult<String> right) {}

  private final Gallop gallop;
  private final Task<Step, String> step;
  private final Task<Merge, String> merge;

  public WorkflowExamples(Gallop gallop) {
    this.gallop = gallop;
    this.step =
        gallop
            .task("example.step", Step.class, String.class)
            .handler((in, ctx) -> {
              if (in.millis() > 0) {
                Thread.sleep(in.millis()); // simulated work
              }
              return in.failWith() == null
                  ? TaskResult.ok(in.label())
                  : TaskResult.err(in.failWith(), in.label() + " failed");
            });
    this.merge =
        gallop
            .task("example.merge", Merge.class, String.class)
            .handler((in, ctx) -> TaskResult.ok(describe(in.left()) + "+" + describe(in.right())));
  }

  private static String describe(@Nullable TaskResult<String> r) {
    return r == null ? "?" : r.isOk() ? r.okValue() : "(" + r.errValue().codeName() + ")";
  }

  private TaskNode.Builder<String> node(String id, long millis, @Nullable String failWith) {
    return TaskNode.of(step).inputs(new Step(id, millis, failWith)).nodeId(id);
  }

  /** extract -> transform -> load; returns "load". */
  public TaskResult<String> chain() {
    TaskNode<String> a = node("extract", 0, null).build();
    TaskNode<String> b = node("transform", 0, null).waitsFor(a).build();
    TaskNode<String> c = node("load", 0, null).waitsFor(b).build();
    return gallop
        .workflow("chain")
        .nodes(a, b, c)
        .output(c)
        .build()
        .start()
        .get(Duration.ofSeconds(60));
  }

  /** root -> [left fails, right] -> join (allowFailedDeps): join still runs; workflow FAILED. */
  public Map<String, Object> diamondWithRecovery() {
    TaskNode<String> root = node("root", 0, null).build();
    TaskNode<String> left = node("left", 0, "SOURCE_DOWN").waitsFor(root).build();
    TaskNode<String> right = node("right", 0, null).waitsFor(root).build();
    TaskNode<String> join =
        TaskNode.of(merge)
            .nodeId("join")
            .waitsFor(left, right)
            .allowFailedDeps()
            .argsFrom("left", left)
            .argsFrom("right", right)
            .build();
    WorkflowHandle<String> h =
        gallop.workflow("diamond").nodes(root, left, right, join).output(join).build().start();
    TaskResult<String> result = h.get(Duration.ofSeconds(60));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", h.status());
    out.put("get", result);
    out.put("join", h.resultFor(join));
    return out;
  }

  /**
   * Three replicas, one failing; commit needs two successes. Without a success policy the failed
   * replica would fail the workflow, so the policy says: the run succeeds when commit completes.
   */
  public TaskResult<String> quorum() {
    TaskNode<String> r1 = node("replica1", 0, null).build();
    TaskNode<String> r2 = node("replica2", 0, "DISK_FULL").build();
    TaskNode<String> r3 = node("replica3", 200, null).build();
    TaskNode<String> commit = node("commit", 0, null).waitsFor(r1, r2, r3).quorum(2).build();
    return gallop
        .workflow("quorum")
        .nodes(r1, r2, r3, commit)
        .output(commit)
        .successPolicy(SuccessPolicy.of(SuccessCase.of(commit)))
        .build()
        .start()
        .get(Duration.ofSeconds(60));
  }

  /** optional branch fails, but the report completes: the workflow is COMPLETED. */
  public WorkflowStatus successPolicy() {
    TaskNode<String> main = node("main", 0, null).build();
    TaskNode<String> extra = node("extra", 0, "NOT_NEEDED").build();
    TaskNode<String> report = node("report", 0, null).waitsFor(main).build();
    WorkflowHandle<String> h =
        gallop
            .workflow("policy")
            .nodes(main, extra, report)
            .output(report)
            .successPolicy(SuccessPolicy.of(SuccessCase.of(report)).withOptional(extra))
            .build()
            .start();
    h.get(Duration.ofSeconds(60));
    return h.status();
  }

  /** a chain paused after its first step and resumed. */
  public Map<String, Object> pauseAndResume() {
    TaskNode<String> first = node("first", 500, null).build();
    TaskNode<String> second = node("second", 0, null).waitsFor(first).build();
    WorkflowHandle<String> h =
        gallop.workflow("pausable").nodes(first, second).output(second).build().start();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("pause", h.pause());
    out.put("whilePaused", h.get(Duration.ZERO));
    out.put("resume", h.resume());
    out.put("get", h.get(Duration.ofSeconds(60)));
    return out;
  }

  /** An ANY join: runs on the first mirror that answers. */
  public TaskResult<String> anyJoin() {
    TaskNode<String> slow = node("slowMirror", 1500, null).build();
    TaskNode<String> fast = node("fastMirror", 0, null).build();
    TaskNode<String> first = node("first", 0, null).waitsFor(slow, fast).join(JoinType.ANY).build();
    return gallop
        .workflow("any")
        .nodes(slow, fast, first)
        .output(first)
        .build()
        .start()
        .get(Duration.ofSeconds(60));
  }

  public static void main(String[] args) {
    try (Gallop gallop = Gallop.builder().build()) {
      WorkflowExamples ex = new WorkflowExamples(gallop);
      try (Worker w =
          gallop
              .worker(
                  WorkerOptions.builder()
                      .concurrency(4)
                      .notifyPollInterval(Duration.ofSeconds(1))
                      .build())
              .start()) {
        System.out.println("chain:              " + ex.chain());
        System.out.println("diamond + recovery: " + ex.diamondWithRecovery());
        System.out.println("quorum 2 of 3:      " + ex.quorum());
        System.out.println("any join:           " + ex.anyJoin());
        System.out.println("success policy:     " + ex.successPolicy());
        System.out.println("pause and resume:   " + ex.pauseAndResume());
      }
    }
  }
}
