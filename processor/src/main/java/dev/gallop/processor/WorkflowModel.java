package dev.gallop.processor;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import org.jspecify.annotations.Nullable;

/**
 * A workflow interface as a plain graph: its signature, its nodes with their bindings and edges.
 * Built by {@link WorkflowReader}, checked by {@link GraphValidator}, generated from by {@link
 * WorkflowGenerator} only when both found nothing wrong.
 *
 * @param type the interface
 * @param method the {@code @Workflow} method
 * @param annotation its annotation
 * @param key the definition key
 * @param name the workflow name
 * @param output the output node id, or null for a void workflow
 * @param onErrorPause whether {@code onError = PAUSE}
 * @param success success cases (node ids), each with the annotation value to point at
 * @param optional optional node ids
 * @param parameters the workflow's parameters
 * @param nodes the nodes that were read without error, in declaration order
 * @param declaredIds every node id declared, including nodes with errors (so that references to
 *     them are not reported again as unknown)
 * @param valid whether reading found no error (generation needs it)
 */
record WorkflowModel(
    TypeElement type,
    ExecutableElement method,
    AnnotationMirror annotation,
    String key,
    String name,
    @Nullable String output,
    boolean onErrorPause,
    List<Ref[]> success,
    List<Ref> optional,
    List<VariableElement> parameters,
    List<NodeModel> nodes,
    List<String> declaredIds,
    boolean valid) {

  /** A node id written in an annotation, with where it was written (for errors). */
  record Ref(String id, @Nullable AnnotationValue where) {}

  /** How a node parameter is bound. */
  enum Source {
    FROM,
    PARAM,
    VALUE
  }

  /**
   * One node parameter bound to one task input.
   *
   * @param parameter the node method's parameter
   * @param input the task input it binds
   * @param source what feeds it
   * @param ref the upstream node id (FROM), workflow parameter name (PARAM) or literal (VALUE)
   */
  record Binding(VariableElement parameter, TaskModel.Param input, Source source, String ref) {}

  /**
   * One {@code @Node}.
   *
   * @param method the node method
   * @param annotation its {@code @Node} or {@code @SubWorkflow}
   * @param id the node id (the method name)
   * @param task the task it runs, or null for a subworkflow node
   * @param child the child workflow's interface, or null for a task node
   * @param result its result type (the method's return type)
   * @param bindings its parameters' bindings
   * @param waitsFor ordering-only edges
   * @param ctxFrom context edges
   * @param join ALL, ANY or QUORUM
   * @param minSuccess QUORUM's threshold, 0 when unset
   * @param allowFailedDeps whether it runs after failed dependencies
   * @param queue queue override or null
   * @param priority priority override (node's, else task's), 0 when none
   * @param goodFor deadline override (node's, else task's), or null
   */
  record NodeModel(
      ExecutableElement method,
      AnnotationMirror annotation,
      String id,
      @Nullable TaskModel task,
      @Nullable TypeElement child,
      TypeMirror result,
      List<Binding> bindings,
      List<Ref> waitsFor,
      List<Ref> ctxFrom,
      String join,
      int minSuccess,
      boolean allowFailedDeps,
      @Nullable String queue,
      int priority,
      @Nullable String goodFor) {

    /** Every node this one waits for, in first-mention order: data, ordering, context. */
    Set<String> dependencies() {
      Set<String> d = new LinkedHashSet<>();
      bindings.stream().filter(b -> b.source() == Source.FROM).forEach(b -> d.add(b.ref()));
      waitsFor.forEach(r -> d.add(r.id()));
      ctxFrom.forEach(r -> d.add(r.id()));
      return d;
    }
  }

  /** The node with this id, or null. */
  @Nullable NodeModel node(String id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElse(null);
  }

  /** Node ids in declaration order. */
  List<String> nodeIds() {
    return nodes.stream().map(NodeModel::id).toList();
  }

  /** Whether the workflow returns nothing (then {@code get()} returns the map of sink results). */
  boolean isVoid() {
    return output == null;
  }
}
