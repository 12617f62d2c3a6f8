package dev.gallop.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Gallop's annotation processor. Per round: reads every class with {@code @Task} methods and
 * generates {@code <Class>Tasks}; reads every workflow interface into a model, checks it with
 * {@link GraphValidator}, and generates {@code <Interface>Workflow} only from a clean model. Every
 * problem of the compilation is reported, each on its element. An interface that names a type not
 * generated yet waits for a later round; still unresolved after the last, it is one clear error.
 *
 * <p>Option {@code -Agallop.verbose=true} prints a note per generated file.
 */
@AutoService(Processor.class)
public final class GallopProcessor extends AbstractProcessor {
  private static final String ANN = "dev.gallop.annotations.";

  private Elements elements;
  private Types types;
  private Filer filer;
  private Reporter reporter;
  private TaskReader taskReader;
  private WorkflowReader workflowReader;
  private GraphValidator graph;
  private WorkflowGenerator workflows;
  private boolean verbose;
  private final Set<String> generated = new LinkedHashSet<>();
  private final Map<String, String> deferred = new LinkedHashMap<>();
  private final Map<String, List<WorkflowModel.NodeModel>> checked = new java.util.HashMap<>();

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    elements = env.getElementUtils();
    types = env.getTypeUtils();
    filer = env.getFiler();
    reporter = new Reporter(env.getMessager());
    taskReader = new TaskReader(elements, types, reporter);
    workflowReader = new WorkflowReader(elements, types, taskReader, reporter);
    graph = new GraphValidator(types, reporter);
    workflows = new WorkflowGenerator(elements, types);
    workflowReader.childCheck(child -> check(child) != null);
    verbose = "true".equals(env.getOptions().get("gallop.verbose"));
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(
        ANN + "Task",
        ANN + "Workflow",
        ANN + "Node",
        ANN + "SubWorkflow",
        ANN + "From",
        ANN + "Param",
        ANN + "Value");
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of("gallop.verbose");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Set<TypeElement> owners = new LinkedHashSet<>();
    for (Element m : annotated(round, "Task")) {
      owners.add((TypeElement) m.getEnclosingElement());
    }
    for (TypeElement owner : owners) {
      TaskReader.TaskClass tc = taskReader.read(owner);
      if (tc.valid() && !tc.tasks().isEmpty()) {
        write(TasksGenerator.generate(tc), owner);
      }
    }
    Set<TypeElement> interfaces = new LinkedHashSet<>();
    for (String name : List.of("Workflow", "Node", "SubWorkflow")) {
      for (Element m : annotated(round, name)) {
        TypeElement t = (TypeElement) m.getEnclosingElement();
        if (t.getKind() != ElementKind.INTERFACE) {
          reporter.at(
              m,
              Annotations.find(m, name).orElse(null),
              null,
              Diagnostic.NOT_AN_INTERFACE,
              name,
              t.getSimpleName());
        } else {
          interfaces.add(t);
        }
      }
    }
    deferred.keySet().forEach(n -> interfaces.add(elements.getTypeElement(n)));
    deferred.clear();
    for (TypeElement t : interfaces) {
      workflow(t);
    }
    if (round.processingOver()) {
      deferred.forEach((name, type) ->
          reporter.error(
              elements.getTypeElement(name),
              Diagnostic.UNRESOLVED_TYPE,
              type,
              "no class or generated source defines it, even after the last round"));
    }
    // Not claimed: the aggregating GallopIndexProcessor reads the same annotations.
    return false;
  }

  private Set<? extends Element> annotated(RoundEnvironment round, String simpleName) {
    TypeElement a = elements.getTypeElement(ANN + simpleName);
    return a == null ? Set.of() : round.getElementsAnnotatedWith(a);
  }

  private void workflow(TypeElement t) {
    String name = t.getQualifiedName().toString();
    if (generated.contains(WorkflowGenerator.className(t).canonicalName())) {
      return;
    }
    if (elements.getTypeElement(Names.WORKFLOW_HANDLE.canonicalName()) == null) {
      reporter.error(
          t,
          Diagnostic.UNRESOLVED_TYPE,
          "type " + Names.WORKFLOW_HANDLE.canonicalName(),
          "add dev.gallop:gallop-runtime to the compile class path");
      return;
    }
    try {
      WorkflowModel model = workflowReader.read(t);
      List<WorkflowModel.NodeModel> order = check(t);
      if (model != null && order != null) {
        write(workflows.generate(model, order), t);
      }
    } catch (WorkflowReader.Unresolved e) {
      deferred.put(name, e.getMessage());
    }
  }

  /**
   * The interface read and its graph checked, once per compilation: its nodes in topological order,
   * or null when it has errors (all reported).
   */
  private List<WorkflowModel.NodeModel> check(TypeElement t) throws WorkflowReader.Unresolved {
    String name = t.getQualifiedName().toString();
    if (checked.containsKey(name)) {
      return checked.get(name);
    }
    WorkflowModel model = workflowReader.read(t);
    List<WorkflowModel.NodeModel> order = model == null ? null : graph.validate(model);
    List<WorkflowModel.NodeModel> clean = model != null && model.valid() ? order : null;
    checked.put(name, clean);
    return clean;
  }

  private void write(JavaFile file, Element origin) {
    String name =
        file.packageName().isEmpty()
            ? file.typeSpec().name()
            : file.packageName() + "." + file.typeSpec().name();
    if (!generated.add(name)) {
      return;
    }
    try {
      file.writeTo(filer);
      if (verbose) {
        reporter.note(origin, "generated " + name);
      }
    } catch (IOException e) {
      reporter.error(origin, Diagnostic.UNRESOLVED_TYPE, "type " + name, "cannot be written: " + e);
    }
  }
}
