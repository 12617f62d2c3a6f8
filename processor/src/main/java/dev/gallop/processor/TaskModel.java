package dev.gallop.processor;

import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import org.jspecify.annotations.Nullable;

/**
 * One {@code @Task} method, read and checked: what the generated {@code <Class>Tasks} and the
 * workflows that run it need.
 *
 * @param owner the class declaring the method
 * @param method the method
 * @param name the task name
 * @param result {@code T} of its {@code TaskResult<T>}
 * @param params every parameter, in order
 * @param options the options for the descriptor
 */
record TaskModel(
    TypeElement owner,
    ExecutableElement method,
    String name,
    TypeMirror result,
    List<Param> params,
    Options options) {

  /** What a parameter of a task method is. */
  enum Kind {
    /** A named input, bound by workflow nodes and sends. */
    INPUT,
    /** The {@code TaskContext}, passed by the handler. */
    TASK_CONTEXT,
    /** A {@code WorkflowContext} input, filled by the worker. */
    WORKFLOW_CONTEXT,
    /** A {@code WorkflowMeta} input, filled by the worker. */
    WORKFLOW_META
  }

  /**
   * One parameter.
   *
   * @param name its name (an input name for INPUT)
   * @param type its type
   * @param kind what it is
   * @param optional whether a node may leave it unbound ({@code Optional} or {@code @Nullable})
   * @param nullable the qualified name of its {@code Nullable} annotation, kept on the generated
   *     record component so that the runtime sees it too; null if it has none
   */
  record Param(
      String name, TypeMirror type, Kind kind, boolean optional, @Nullable String nullable) {
    /** True for parameters that are components of the input record. */
    boolean inRecord() {
      return kind != Kind.TASK_CONTEXT;
    }
  }

  /** Retry settings as written. */
  record Retry(
      int max,
      boolean fixed,
      String initial,
      @Nullable String maxDelay,
      boolean jitter,
      List<String> on) {}

  /** A mapped exception: the class's canonical name and the code. */
  record Mapping(TypeMirror type, String code) {}

  /** The descriptor's options, validated. */
  record Options(
      @Nullable String queue,
      int priority,
      @Nullable String goodFor,
      @Nullable Retry retry,
      List<Mapping> mappings,
      @Nullable String defaultErrorCode) {}

  /** The method's name. */
  String methodName() {
    return method.getSimpleName().toString();
  }

  /** The input named {@code name}, if any. */
  Optional<Param> input(String name) {
    return params.stream().filter(p -> p.kind() == Kind.INPUT && p.name().equals(name)).findFirst();
  }

  /** Names of the named inputs. */
  List<String> inputNames() {
    return params.stream().filter(p -> p.kind() == Kind.INPUT).map(Param::name).toList();
  }

  /** Whether the method takes a WorkflowContext. */
  boolean readsContext() {
    return params.stream().anyMatch(p -> p.kind() == Kind.WORKFLOW_CONTEXT);
  }

  /** Whether the method is static (then no instance is needed to register it). */
  boolean isStatic() {
    return method.getModifiers().contains(javax.lang.model.element.Modifier.STATIC);
  }
}
