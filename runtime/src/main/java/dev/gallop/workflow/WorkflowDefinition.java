package dev.gallop.workflow;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A reusable workflow: a stable {@link #definitionKey()} (stored in the database, so keep it stable
 * across deployments), a name, an optional parameter record, an output type, the child definitions
 * it may contain, and a build function that returns a <em>new</em> spec on every call. Register it
 * with {@code gallop.register(definition)} in every process that may start or advance it (workers
 * and starters). Immutable and thread-safe.
 *
 * <pre>{@code
 * record Month(String month) {}
 * WorkflowDefinition<Month, String> invoiceRun = WorkflowDefinition
 *     .builder("billing.invoice-run.v1", "invoice run", Month.class, String.class)
 *     .sampleParameters(new Month("2026-01"))
 *     .build((workflows, p) -> workflows.workflow("invoice run").nodes(...).output(...).build());
 * }</pre>
 *
 * @param <P> the parameter record type ({@code Void} when it takes none)
 * @param <T> the output type
 */
public final class WorkflowDefinition<P, T> {
  /** Builds a new spec from parameters; may throw, which fails the node that wanted it. */
  @FunctionalInterface
  public interface BuildFunction<P, T> {
    WorkflowSpec<T> build(WorkflowFactory workflows, @Nullable P parameters) throws Exception;
  }

  private final String definitionKey;
  private final String name;
  private final @Nullable Class<P> parameterType;
  private final Type outputType;
  private final List<WorkflowDefinition<?, ?>> children;
  private final @Nullable P sampleParameters;
  private final BuildFunction<P, T> build;

  private WorkflowDefinition(Builder<P, T> b, BuildFunction<P, T> build) {
    this.definitionKey = b.key;
    this.name = b.name;
    this.parameterType = b.parameterType;
    this.outputType = b.outputType;
    this.children = List.copyOf(b.children);
    this.sampleParameters = b.sample;
    this.build = build;
  }

  /** A definition taking the parameter record {@code parameters}. */
  public static <P, T> Builder<P, T> builder(
      String key, String name, Class<P> parameters, Class<T> output) {
    return new Builder<>(key, name, parameters, output);
  }

  /** A definition without parameters. */
  public static <T> Builder<Void, T> builder(String key, String name, Class<T> output) {
    return new Builder<>(key, name, null, output);
  }

  /** As {@link #builder(String, String, Class, Class)} for a generic output type. */
  public static <P, T> Builder<P, T> builder(
      String key, String name, Class<P> parameters, dev.gallop.task.TypeRef<T> output) {
    return new Builder<>(key, name, parameters, output.type());
  }

  /** As {@link #builder(String, String, Class)} for a generic output type. */
  public static <T> Builder<Void, T> builder(
      String key, String name, dev.gallop.task.TypeRef<T> output) {
    return new Builder<>(key, name, null, output.type());
  }

  public String definitionKey() {
    return definitionKey;
  }

  public String name() {
    return name;
  }

  /** The parameter record type, or null when it takes none. */
  public @Nullable Class<P> parameterType() {
    return parameterType;
  }

  public Type outputType() {
    return outputType;
  }

  /** Child definitions its specs may contain (declared, so cycles are found without building). */
  public List<WorkflowDefinition<?, ?>> children() {
    return children;
  }

  /** Parameters used to check a parameterised definition without real input, or null. */
  public @Nullable P sampleParameters() {
    return sampleParameters;
  }

  /** Calls the build function. */
  public WorkflowSpec<T> build(WorkflowFactory workflows, @Nullable P parameters) throws Exception {
    return build.build(workflows, parameters);
  }

  @Override
  public String toString() {
    return "WorkflowDefinition[" + definitionKey + "]";
  }

  /**
   * Builder of a definition. Not thread-safe.
   *
   * @param <P> parameter type
   * @param <T> output type
   */
  public static final class Builder<P, T> {
    private final String key;
    private final String name;
    private final @Nullable Class<P> parameterType;
    private final Type outputType;
    private final List<WorkflowDefinition<?, ?>> children = new ArrayList<>();
    private @Nullable P sample;

    private Builder(String key, String name, @Nullable Class<P> parameterType, Type outputType) {
      this.key = key;
      this.name = Objects.requireNonNull(name, "name");
      this.parameterType = parameterType;
      this.outputType = Objects.requireNonNull(outputType, "outputType");
    }

    /** Declares child definitions that specs of this definition may contain. */
    public Builder<P, T> contains(WorkflowDefinition<?, ?>... children) {
      this.children.addAll(List.of(children));
      return this;
    }

    /** Parameters for checking the definition without real input (GALLOP-027 without them). */
    public Builder<P, T> sampleParameters(P sample) {
      this.sample = sample;
      return this;
    }

    /** The build function; returns the immutable definition. */
    public WorkflowDefinition<P, T> build(BuildFunction<P, T> build) {
      return new WorkflowDefinition<>(this, Objects.requireNonNull(build, "build"));
    }
  }
}
