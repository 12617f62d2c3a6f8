package dev.gallop.processor;

import com.google.auto.service.AutoService;
import java.io.IOException;
import java.io.Writer;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic.Kind;
import javax.tools.StandardLocation;

/**
 * The aggregating step, kept apart so that {@link GallopProcessor} stays isolating (as AutoService
 * does): collects every class with {@code @Task} methods and every workflow interface of the
 * compilation and, in the last round, lists the generated discovery hooks that exist in {@code
 * META-INF/services/dev.gallop.discovery.GeneratedTasks} and {@code ...GeneratedWorkflow}, for
 * {@code gallop worker --classpath app.jar}. Interfaces with errors have no hook and are left out.
 */
@AutoService(Processor.class)
public final class GallopIndexProcessor extends AbstractProcessor {
  private final Set<String> taskClasses = new TreeSet<>();
  private final Set<String> workflows = new TreeSet<>();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(Names.ANNOTATIONS + "Task", Names.ANNOTATIONS + "Workflow");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement a : annotations) {
      for (Element e : round.getElementsAnnotatedWith(a)) {
        Element owner = e.getEnclosingElement();
        if (!(owner instanceof TypeElement t)) {
          continue;
        }
        if (a.getSimpleName().contentEquals("Task")) {
          taskClasses.add(TasksGenerator.className(t).canonicalName());
        } else if (t.getKind() == ElementKind.INTERFACE) {
          workflows.add(WorkflowGenerator.className(t).canonicalName());
        }
      }
    }
    if (round.processingOver()) {
      write("GeneratedTasks", taskClasses);
      write("GeneratedWorkflow", workflows);
    }
    return false;
  }

  private void write(String service, Set<String> generatedClasses) {
    Set<String> hooks = new TreeSet<>();
    for (String name : generatedClasses) {
      TypeElement generated = processingEnv.getElementUtils().getTypeElement(name);
      if (generated != null) {
        hooks.add(processingEnv.getElementUtils().getBinaryName(generated) + "$Module");
      }
    }
    if (hooks.isEmpty()) {
      return;
    }
    String file = "META-INF/services/" + Names.PKG + ".discovery." + service;
    try (Writer w =
        processingEnv
            .getFiler()
            .createResource(StandardLocation.CLASS_OUTPUT, "", file)
            .openWriter()) {
      for (String h : hooks) {
        w.write(h + "\n");
      }
    } catch (IOException e) {
      processingEnv.getMessager().printMessage(Kind.ERROR, "cannot write " + file + ": " + e);
    }
  }
}
