package dev.gallop.processor;

import dev.gallop.processor.WorkflowModel.Binding;
import dev.gallop.processor.WorkflowModel.NodeModel;
import dev.gallop.processor.WorkflowModel.Ref;
import dev.gallop.processor.WorkflowModel.Source;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.jspecify.annotations.Nullable;

/**
 * Reads one workflow interface into a {@link WorkflowModel}, checking everything that one element
 * at a time can show: the signature, each node's task, its parameters' bindings and types, its
 * join, its options. Graph-wide checks (unknown nodes, cycles, output, success policy) are {@link
 * GraphValidator}'s.
 */
final class WorkflowReader {
  /** Thrown when a referenced type is not generated yet: the interface waits for a later round. */
  static final class Unresolved extends Exception {
    private static final long serialVersionUID = 1L;

    Unresolved(String type) {
      super(type, null, false, false);
    }
  }

  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_\\-:.]{1,128}");

  private final Elements elements;
  private final Types types;
  private final Annotations annotations;

  /**
   * Models read so far in this compilation (null: no @Workflow), so each is read and reported once.
   */
  private final Map<String, WorkflowModel> models = new HashMap<>();

  private final Set<String> reading = new HashSet<>();

  /** Set while reading an interface when a child it contains has errors: nothing is generated. */
  private boolean blocked;

  private final TaskReader tasks;
  private final Reporter reporter;

  WorkflowReader(Elements elements, Types types, TaskReader tasks, Reporter reporter) {
    this.elements = elements;
    this.types = types;
    this.annotations = new Annotations(elements);
    this.tasks = tasks;
    this.reporter = reporter;
  }

  /**
   * The model, with {@code valid} false if the interface has errors (all of them reported); null if
   * it declares no workflow. Nodes with errors are left out of it.
   */
  @Nullable WorkflowModel read(TypeElement type) throws Unresolved {
    String name = type.getQualifiedName().toString();
    if (models.containsKey(name)) {
      return models.get(name);
    }
    boolean outer = blocked;
    reading.add(name);
    try {
      blocked = false;
      WorkflowModel model = readNow(type);
      models.put(name, model);
      return model;
    } finally {
      reading.remove(name);
      blocked = outer;
    }
  }

  /**
   * Whether a child interface can be referenced: compiled before (its generated class exists), or
   * read in this compilation without errors. Being read right now (a containment cycle, reported on
   * its own) counts as usable here.
   */
  private boolean usable(TypeElement child) throws Unresolved {
    String name = child.getQualifiedName().toString();
    if (reading.contains(name)
        || elements.getTypeElement(WorkflowGenerator.className(child).canonicalName()) != null) {
      return true;
    }
    return childCheck.test(child);
  }

  /** How a child interface read in this compilation is judged (reader and graph checks). */
  interface ChildCheck {
    boolean test(TypeElement child) throws Unresolved;
  }

  private ChildCheck childCheck =
      child -> {
        WorkflowModel m = read(child);
        return m != null && m.valid();
      };

  /** Sets the full check of a child interface (the processor adds the graph checks). */
  void childCheck(ChildCheck check) {
    this.childCheck = check;
  }

  private @Nullable WorkflowModel readNow(TypeElement type) throws Unresolved {
    int before = reporter.errorCount();
    ExecutableElement signature = null;
    AnnotationMirror wf = null;
    List<ExecutableElement> nodeMethods = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
      AnnotationMirror a = Annotations.find(m, "Workflow").orElse(null);
      boolean isNode =
          Annotations.find(m, "Node").isPresent() || Annotations.find(m, "SubWorkflow").isPresent();
      if (a != null) {
        if (signature != null) {
          reporter.at(m, a, null, Diagnostic.TWO_WORKFLOW_METHODS, signature.getSimpleName());
        } else {
          signature = m;
          wf = a;
        }
        if (!m.getModifiers().contains(Modifier.ABSTRACT)) {
          reporter.at(m, a, null, Diagnostic.NODE_WITH_BODY, m.getSimpleName());
        }
      } else if (isNode) {
        nodeMethods.add(m);
      } else if (m.getModifiers().contains(Modifier.ABSTRACT)) {
        reporter.error(m, Diagnostic.NOT_A_NODE, m.getSimpleName());
      }
    }
    if (signature == null) {
      reporter.error(type, Diagnostic.NO_WORKFLOW, type.getSimpleName());
      return null;
    }
    String key = annotations.string(wf, "key");
    if (key.isBlank()) {
      reporter.at(signature, wf, Annotations.explicit(wf, "key"), Diagnostic.BLANK_WORKFLOW_KEY);
    }
    String name = annotations.string(wf, "name");
    if (Annotations.explicit(wf, "name") != null && name.isBlank()) {
      reporter.at(signature, wf, Annotations.explicit(wf, "name"), Diagnostic.BLANK_WORKFLOW_NAME);
    }
    if (name.isBlank()) {
      name = signature.getSimpleName().toString();
    }
    Map<String, VariableElement> params = new HashMap<>();
    signature.getParameters().forEach(p -> params.put(p.getSimpleName().toString(), p));

    List<NodeModel> nodes = new ArrayList<>();
    Set<String> ids = new java.util.LinkedHashSet<>();
    for (ExecutableElement m : nodeMethods) {
      if (!m.getModifiers().contains(Modifier.ABSTRACT)) {
        reporter.error(m, Diagnostic.NODE_WITH_BODY, m.getSimpleName());
        continue;
      }
      String id = m.getSimpleName().toString();
      if (!ids.add(id)) {
        reporter.error(m, Diagnostic.DUPLICATE_NODE, id);
        continue;
      }
      AnnotationMirror sub = Annotations.find(m, "SubWorkflow").orElse(null);
      if (sub != null) {
        NodeModel n = subWorkflow(type, m, sub, params, name);
        if (n != null) {
          nodes.add(n);
        }
        continue;
      }
      NodeModel n = node(m, Annotations.find(m, "Node").orElseThrow(), params, name);
      if (n != null) {
        nodes.add(n);
      }
    }
    checkNames(nodes);
    String output = annotations.string(wf, "output");
    List<Ref[]> success = new ArrayList<>();
    for (AnnotationValue v : annotations.list(wf, "success")) {
      success.add(
          annotations.list((AnnotationMirror) v.getValue(), "value").stream()
              .map(x -> new Ref((String) x.getValue(), v))
              .toArray(Ref[]::new));
    }
    List<Ref> optional = refs(wf, "optional");
    return new WorkflowModel(
        type,
        signature,
        wf,
        key,
        name,
        output.isEmpty() ? null : output,
        annotations.enumName(wf, "onError").equals("PAUSE"),
        List.copyOf(success),
        optional,
        List.copyOf(signature.getParameters()),
        List.copyOf(nodes),
        List.copyOf(ids),
        reporter.errorCount() == before && !blocked);
  }

  private List<Ref> refs(AnnotationMirror a, String member) {
    return annotations.list(a, member).stream()
        .map(v -> new Ref((String) v.getValue(), v))
        .toList();
  }

  private void checkNames(List<NodeModel> nodes) {
    Map<String, String> constants = new HashMap<>();
    Set<String> methods = new HashSet<>();
    nodes.forEach(n -> methods.add(n.id()));
    for (NodeModel n : nodes) {
      String id = n.id();
      if (!NODE_ID.matcher(id).matches()) {
        reporter.error(n.method(), Diagnostic.INVALID_NODE_ID, id);
      }
      String clash = null;
      if (Names.HANDLE_METHODS.contains(id) || Names.HANDLE_METHODS.contains(id + "Async")) {
        clash = "the handle's method " + id + "()";
      } else if (methods.contains(id + "Async")) {
        clash = "the generated " + id + "Async() of node '" + id + "'";
      } else if (id.endsWith("Workflow")
          && nodes.stream().anyMatch(o -> o.child() != null && (o.id() + "Workflow").equals(id))) {
        clash =
            "the generated "
                + id
                + "() of subworkflow node '"
                + id.substring(0, id.length() - "Workflow".length())
                + "'";
      } else if (Names.WORKFLOW_CONSTANTS.contains(Names.constant(id))) {
        clash = "the generated constant " + Names.constant(id);
      } else if (constants.containsKey(Names.constant(id))) {
        clash =
            "node '"
                + constants.get(Names.constant(id))
                + "' (both become "
                + Names.constant(id)
                + ")";
      }
      constants.putIfAbsent(Names.constant(id), id);
      if (clash != null) {
        reporter.error(
            n.method(),
            Diagnostic.NAME_CLASH,
            "node id '" + id + "' clashes with " + clash + "; rename the method");
      }
    }
  }

  private @Nullable NodeModel node(
      ExecutableElement m, AnnotationMirror a, Map<String, VariableElement> params, String wfName)
      throws Unresolved {
    int before = reporter.errorCount();
    TypeMirror of = annotations.type(a, "of");
    if (of == null) {
      throw new Unresolved(
          "the class named by @Node(of = ...) of method '" + m.getSimpleName() + "'");
    }
    TypeElement owner = (TypeElement) types.asElement(of);
    String taskMethod = annotations.string(a, "task");
    if (taskMethod.isEmpty()) {
      taskMethod = m.getSimpleName().toString();
    }
    TaskReader.TaskClass tc = tasks.read(owner);
    String wanted = taskMethod;
    TaskModel task =
        tc.tasks().stream().filter(t -> t.methodName().equals(wanted)).findFirst().orElse(null);
    if (task == null) {
      if (tc.valid()) {
        reporter.at(
            m,
            a,
            Annotations.explicit(a, Annotations.explicit(a, "task") != null ? "task" : "of"),
            Diagnostic.NO_SUCH_TASK,
            owner.getSimpleName(),
            taskMethod,
            Names.didYouMean(taskMethod, tc.tasks().stream().map(TaskModel::methodName).toList()));
      }
      return null;
    }
    if (!types.isSameType(m.getReturnType(), task.result())) {
      reporter.error(
          m,
          Diagnostic.RESULT_TYPE_MISMATCH,
          "node '"
              + m.getSimpleName()
              + "' returns "
              + m.getReturnType()
              + " but task '"
              + task.name()
              + "' returns TaskResult<"
              + task.result()
              + ">");
    }
    String join = annotations.enumName(a, "join");
    List<Binding> bindings =
        bindings(m, new Target(task.name(), task.params(), false), params, wfName, join);
    List<Ref> waitsFor = refs(a, "waitsFor");
    List<Ref> ctxFrom = refs(a, "ctxFrom");
    if (!ctxFrom.isEmpty() && !task.readsContext()) {
      reporter.at(
          m,
          a,
          Annotations.explicit(a, "ctxFrom"),
          Diagnostic.CTX_WITHOUT_CONTEXT,
          m.getSimpleName(),
          task.name());
    }
    int priority = annotations.integer(a, "priority");
    if (priority != 0 && (priority < 1 || priority > 100)) {
      reporter.at(m, a, Annotations.explicit(a, "priority"), Diagnostic.BAD_PRIORITY, priority);
    }
    String goodFor = annotations.string(a, "goodFor");
    if (!goodFor.isEmpty()) {
      try {
        if (Duration.parse(goodFor).compareTo(Duration.ofSeconds(1)) < 0) {
          throw new DateTimeParseException("below 1 s", goodFor, 0);
        }
      } catch (DateTimeParseException e) {
        reporter.at(
            m,
            a,
            Annotations.explicit(a, "goodFor"),
            Diagnostic.BAD_TASK_OPTION,
            "goodFor '" + goodFor + "' is not an ISO-8601 duration of at least 1 s, such as PT5M");
      }
    }
    String queue = annotations.string(a, "queue");
    NodeModel n =
        new NodeModel(
            m,
            a,
            m.getSimpleName().toString(),
            task,
            null,
            m.getReturnType(),
            bindings,
            waitsFor,
            ctxFrom,
            join,
            annotations.integer(a, "minSuccess"),
            annotations.bool(a, "allowFailedDeps"),
            queue.isEmpty() ? null : queue,
            priority != 0 ? priority : task.options().priority(),
            !goodFor.isEmpty() ? goodFor : task.options().goodFor());
    checkJoin(n);
    return reporter.errorCount() == before ? n : null;
  }

  /** Binds every parameter of {@code m} and reports the target's required inputs left unbound. */
  private List<Binding> bindings(
      ExecutableElement m,
      Target target,
      Map<String, VariableElement> params,
      String wfName,
      String join) {
    List<Binding> bindings = new ArrayList<>();
    Set<String> bound = new HashSet<>();
    for (VariableElement p : m.getParameters()) {
      Binding b = binding(m, p, target, params, wfName, join);
      if (b != null) {
        bindings.add(b);
        bound.add(b.input().name());
      }
    }
    for (TaskModel.Param in : target.inputs()) {
      if (in.kind() == TaskModel.Kind.INPUT
          && !in.optional()
          && !bound.contains(in.name())
          && m.getParameters().stream()
              .noneMatch(p -> p.getSimpleName().contentEquals(in.name()))) {
        if (target.child()) {
          reporter.error(
              m,
              Diagnostic.UNBOUND_CHILD_PARAMETER,
              in.name(),
              target.name(),
              in.name(),
              m.getSimpleName());
        } else {
          reporter.error(
              m, Diagnostic.UNBOUND_INPUT, in.name(), target.name(), in.name(), m.getSimpleName());
        }
      }
    }
    return List.copyOf(bindings);
  }

  private @Nullable NodeModel subWorkflow(
      TypeElement parent,
      ExecutableElement m,
      AnnotationMirror a,
      Map<String, VariableElement> params,
      String wfName)
      throws Unresolved {
    int before = reporter.errorCount();
    TypeMirror value = annotations.type(a, "value");
    if (value == null) {
      throw new Unresolved(
          "the interface named by @SubWorkflow(...) of method '" + m.getSimpleName() + "'");
    }
    TypeElement child = (TypeElement) types.asElement(value);
    ExecutableElement signature = child == null ? null : signature(child);
    if (signature == null || child.getKind() != ElementKind.INTERFACE) {
      reporter.at(m, a, Annotations.explicit(a, "value"), Diagnostic.NOT_A_WORKFLOW, value, value);
      return null;
    }
    List<TypeElement> cycle = containmentCycle(parent, child, new ArrayList<>(List.of(parent)));
    if (cycle != null) {
      reporter.at(
          m,
          a,
          Annotations.explicit(a, "value"),
          Diagnostic.CYCLE,
          "workflows contain each other: "
              + String.join(
                  " -> ", cycle.stream().map(t -> t.getSimpleName().toString()).toList()));
      return null;
    }
    if (!usable(child)) {
      blocked = true; // the child's own errors are reported; its parent waits for them
      return null;
    }
    AnnotationMirror childWf = Annotations.find(signature, "Workflow").orElseThrow();
    String childName = annotations.string(childWf, "name");
    if (childName.isBlank()) {
      childName = signature.getSimpleName().toString();
    }
    List<TaskModel.Param> childParams = new ArrayList<>();
    for (VariableElement p : signature.getParameters()) {
      childParams.add(
          new TaskModel.Param(
              p.getSimpleName().toString(),
              p.asType(),
              TaskModel.Kind.INPUT,
              Types2.optional(p, types),
              null));
    }
    TypeMirror childOutput = signature.getReturnType();
    boolean sameOutput =
        childOutput.getKind() == TypeKind.VOID
            ? Types2.qualifiedName(types.erasure(m.getReturnType())).equals("java.util.Map")
            : types.isSameType(m.getReturnType(), childOutput);
    if (!sameOutput) {
      reporter.error(
          m,
          Diagnostic.RESULT_TYPE_MISMATCH,
          "node '"
              + m.getSimpleName()
              + "' returns "
              + m.getReturnType()
              + " but child workflow '"
              + childName
              + "' returns "
              + (childOutput.getKind() == TypeKind.VOID
                  ? "the map of its sink results (Map<String, TaskResult<?>>)"
                  : childOutput));
    }
    String join = annotations.enumName(a, "join");
    List<Binding> bindings =
        bindings(m, new Target(childName, childParams, true), params, wfName, join);
    List<Ref> ctxFrom = refs(a, "ctxFrom");
    if (!ctxFrom.isEmpty()) {
      reporter.at(
          m,
          a,
          Annotations.explicit(a, "ctxFrom"),
          Diagnostic.CTX_WITHOUT_CONTEXT,
          m.getSimpleName(),
          "(a subworkflow node: its child workflow)");
    }
    NodeModel n =
        new NodeModel(
            m,
            a,
            m.getSimpleName().toString(),
            null,
            child,
            m.getReturnType(),
            bindings,
            refs(a, "waitsFor"),
            ctxFrom,
            join,
            annotations.integer(a, "minSuccess"),
            annotations.bool(a, "allowFailedDeps"),
            null,
            0,
            null);
    checkJoin(n);
    return reporter.errorCount() == before ? n : null;
  }

  /** The @Workflow method of an interface, or null. */
  private static @Nullable ExecutableElement signature(TypeElement type) {
    for (ExecutableElement e : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (Annotations.find(e, "Workflow").isPresent()) {
        return e;
      }
    }
    return null;
  }

  /**
   * A path {@code root -> ... -> root} through @SubWorkflow targets starting at {@code next}, or
   * null: A contains B contains A.
   */
  private @Nullable List<TypeElement> containmentCycle(
      TypeElement root, TypeElement next, List<TypeElement> path) {
    if (next.equals(root)) {
      List<TypeElement> cycle = new ArrayList<>(path);
      cycle.add(root);
      return cycle;
    }
    if (path.contains(next)) {
      return null; // a cycle that does not pass through root: its own interfaces report it
    }
    path.add(next);
    for (ExecutableElement e : ElementFilter.methodsIn(next.getEnclosedElements())) {
      AnnotationMirror s = Annotations.find(e, "SubWorkflow").orElse(null);
      if (s == null) {
        continue;
      }
      TypeMirror t = annotations.type(s, "value");
      if (t != null && t.getKind() == TypeKind.DECLARED) {
        List<TypeElement> found = containmentCycle(root, (TypeElement) types.asElement(t), path);
        if (found != null) {
          return found;
        }
      }
    }
    path.remove(path.size() - 1);
    return null;
  }

  private void checkJoin(NodeModel n) {
    AnnotationMirror a = n.annotation();
    int deps = n.dependencies().size();
    String problem = null;
    String member = "join";
    if (n.join().equals("QUORUM") && (n.minSuccess() < 1 || n.minSuccess() > deps)) {
      problem =
          "QUORUM needs minSuccess in 1.."
              + deps
              + " (its dependencies), was "
              + (n.minSuccess() == 0 ? "unset" : n.minSuccess());
      member = Annotations.explicit(a, "minSuccess") != null ? "minSuccess" : "join";
    } else if (!n.join().equals("QUORUM") && n.minSuccess() != 0) {
      problem = "minSuccess goes with join = QUORUM only, not " + n.join();
      member = "minSuccess";
    } else if (!n.join().equals("ALL") && n.allowFailedDeps()) {
      problem = "allowFailedDeps goes with join = ALL only, not " + n.join();
      member = "allowFailedDeps";
    }
    if (problem != null) {
      reporter.at(n.method(), a, Annotations.explicit(a, member), Diagnostic.BAD_JOIN, problem);
    }
  }

  /** What a node's parameters bind to: a task's inputs or a child workflow's parameters. */
  private record Target(String name, List<TaskModel.Param> inputs, boolean child) {
    TaskModel.@Nullable Param input(String n) {
      return inputs.stream()
          .filter(p -> p.kind() == TaskModel.Kind.INPUT && p.name().equals(n))
          .findFirst()
          .orElse(null);
    }

    List<String> inputNames() {
      return inputs.stream()
          .filter(p -> p.kind() == TaskModel.Kind.INPUT)
          .map(TaskModel.Param::name)
          .toList();
    }
  }

  private @Nullable Binding binding(
      ExecutableElement m,
      VariableElement p,
      Target task,
      Map<String, VariableElement> params,
      String wfName,
      String join) {
    AnnotationMirror from = Annotations.find(p, "From").orElse(null);
    AnnotationMirror param = Annotations.find(p, "Param").orElse(null);
    AnnotationMirror value = Annotations.find(p, "Value").orElse(null);
    int count = (from != null ? 1 : 0) + (param != null ? 1 : 0) + (value != null ? 1 : 0);
    if (count > 1) {
      reporter.error(p, Diagnostic.CONFLICTING_BINDINGS, p.getSimpleName(), count + " of them");
      return null;
    }
    String name = p.getSimpleName().toString();
    TaskModel.Param input = task.input(name);
    if (input == null) {
      reporter.error(
          p,
          task.child() ? Diagnostic.UNKNOWN_CHILD_PARAMETER : Diagnostic.UNKNOWN_INPUT,
          task.name(),
          name,
          Names.didYouMean(name, task.inputNames()),
          task.inputNames());
      return null;
    }
    TypeMirror type = p.asType();
    if (!types.isAssignable(type, input.type())) {
      reporter.error(
          p,
          Diagnostic.TYPE_MISMATCH,
          "parameter '"
              + name
              + "' is "
              + type
              + " but input '"
              + name
              + "' of task '"
              + task.name()
              + "' takes "
              + input.type());
      return null;
    }
    if (from != null) {
      if (taskResultArgument(type) == null) {
        reporter.at(
            p,
            from,
            null,
            Diagnostic.TYPE_MISMATCH,
            "@From parameter '" + name + "' must be TaskResult<X>, was " + type);
        return null;
      }
      if (!join.equals("ALL") && !Types2.nullable(p)) {
        reporter.at(
            p, from, null, Diagnostic.NOT_NULLABLE, name, annotations.string(from, "value"), join);
        return null;
      }
      return new Binding(p, input, Source.FROM, annotations.string(from, "value"));
    }
    if (value != null) {
      String literal = annotations.string(value, "value");
      return Literals.check(p, value, literal, types, reporter)
          ? new Binding(p, input, Source.VALUE, literal)
          : null;
    }
    String wfParam = param == null ? "" : annotations.string(param, "value");
    if (wfParam.isEmpty()) {
      wfParam = name;
    }
    VariableElement source = params.get(wfParam);
    if (source == null) {
      reporter.at(
          p,
          param,
          param == null ? null : Annotations.explicit(param, "value"),
          Diagnostic.UNKNOWN_PARAMETER,
          wfName,
          wfParam,
          Names.didYouMean(wfParam, List.copyOf(params.keySet())),
          params.keySet().stream().sorted().toList());
      return null;
    }
    if (!types.isAssignable(source.asType(), type)) {
      reporter.error(
          p,
          Diagnostic.TYPE_MISMATCH,
          "workflow parameter '"
              + wfParam
              + "' is "
              + source.asType()
              + ", not assignable to "
              + type);
      return null;
    }
    return new Binding(p, input, Source.PARAM, wfParam);
  }

  /** X of {@code TaskResult<X>} (the bound of a wildcard), or null if not a TaskResult. */
  static @Nullable TypeMirror taskResultArgument(TypeMirror t) {
    if (!(t instanceof DeclaredType d)
        || !Types2.qualifiedName(d).equals(Names.TASK_RESULT.canonicalName())
        || d.getTypeArguments().size() != 1) {
      return null;
    }
    TypeMirror x = d.getTypeArguments().get(0);
    if (x instanceof WildcardType w && w.getExtendsBound() != null) {
      return w.getExtendsBound();
    }
    return x; // an unbounded wildcard accepts any upstream type
  }

  /** Whether a type is an interface element (for @Workflow placement checks). */
  static boolean isInterface(TypeElement t) {
    return t.getKind() == ElementKind.INTERFACE;
  }
}
