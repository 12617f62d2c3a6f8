package dev.gallop.processor;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.jspecify.annotations.Nullable;

/**
 * Reads and checks the {@code @Task} methods of one class. Every problem is reported on its element
 * or annotation value; a class with errors yields no model. Results are cached per class for the
 * compilation, as workflows in the same round read the same classes.
 */
final class TaskReader {
  /** The {@code @Task} methods of a class; empty {@code tasks} if it has none. */
  record TaskClass(TypeElement owner, List<TaskModel> tasks, boolean valid) {}

  private final Elements elements;
  private final Types types;
  private final Annotations annotations;
  private final Reporter reporter;
  private final Map<String, TaskClass> cache = new HashMap<>();

  TaskReader(Elements elements, Types types, Reporter reporter) {
    this.elements = elements;
    this.types = types;
    this.annotations = new Annotations(elements);
    this.reporter = reporter;
  }

  /** The class's tasks, read once per compilation. */
  TaskClass read(TypeElement owner) {
    return cache.computeIfAbsent(owner.getQualifiedName().toString(), k -> readNow(owner));
  }

  private TaskClass readNow(TypeElement owner) {
    int before = reporter.errorCount();
    List<TaskModel> tasks = new ArrayList<>();
    Map<String, ExecutableElement> byName = new LinkedHashMap<>();
    for (ExecutableElement m : ElementFilter.methodsIn(owner.getEnclosedElements())) {
      AnnotationMirror a = Annotations.find(m, "Task").orElse(null);
      if (a == null) {
        continue;
      }
      TaskModel t = readMethod(owner, m, a);
      if (t == null) {
        continue;
      }
      ExecutableElement other = byName.putIfAbsent(t.name(), m);
      if (other != null) {
        reporter.at(
            m,
            a,
            Annotations.explicit(a, "value"),
            Diagnostic.DUPLICATE_TASK_NAME,
            t.name(),
            owner.getSimpleName(),
            other.getSimpleName() + "()");
        continue;
      }
      tasks.add(t);
    }
    return new TaskClass(owner, List.copyOf(tasks), reporter.errorCount() == before);
  }

  private @Nullable TaskModel readMethod(
      TypeElement owner, ExecutableElement m, AnnotationMirror a) {
    int before = reporter.errorCount();
    Set<Modifier> mods = m.getModifiers();
    String what =
        mods.contains(Modifier.PRIVATE)
            ? "private"
            : mods.contains(Modifier.ABSTRACT)
                ? "abstract"
                : !m.getTypeParameters().isEmpty()
                    ? "generic"
                    : owner.getKind() == ElementKind.INTERFACE
                        ? "in an interface (put it on a class)"
                        : !topLevelOrStatic(owner) ? "in a non-static inner or local class" : null;
    if (what != null) {
      reporter.at(m, a, null, Diagnostic.BAD_TASK_METHOD, m.getSimpleName(), what);
    }
    if (m.getSimpleName().contentEquals("register")) {
      reporter.at(
          m,
          a,
          null,
          Diagnostic.NAME_CLASH,
          "@Task method 'register' clashes with the generated register(gallop, impl): rename the"
              + " method (the task name stays in @Task)");
    }
    String name = annotations.string(a, "value");
    if (name.isBlank()) {
      reporter.at(
          m, a, Annotations.explicit(a, "value"), Diagnostic.BAD_TASK_OPTION, "task name is blank");
    }
    TypeMirror result = resultOf(m, a);
    List<TaskModel.Param> params = params(owner, m);
    TaskModel.Options options = options(m, a);
    if (reporter.errorCount() != before || result == null) {
      return null;
    }
    return new TaskModel(owner, m, name, result, params, options);
  }

  private static boolean topLevelOrStatic(TypeElement owner) {
    Element e = owner;
    while (e instanceof TypeElement t && t.getNestingKind() == NestingKind.MEMBER) {
      if (!t.getModifiers().contains(Modifier.STATIC) && t.getKind() == ElementKind.CLASS) {
        return false;
      }
      e = t.getEnclosingElement();
    }
    return !(e instanceof TypeElement t) || t.getNestingKind() == NestingKind.TOP_LEVEL;
  }

  private @Nullable TypeMirror resultOf(ExecutableElement m, AnnotationMirror a) {
    TypeMirror r = m.getReturnType();
    if (r instanceof DeclaredType d
        && ((TypeElement) d.asElement())
            .getQualifiedName()
            .contentEquals(Names.TASK_RESULT.canonicalName())
        && d.getTypeArguments().size() == 1
        && (d.getTypeArguments().get(0).getKind() == TypeKind.DECLARED
            || d.getTypeArguments().get(0).getKind() == TypeKind.ARRAY)) {
      return d.getTypeArguments().get(0);
    }
    reporter.at(m, a, null, Diagnostic.NOT_TASK_RESULT, r);
    return null;
  }

  private List<TaskModel.Param> params(TypeElement owner, ExecutableElement m) {
    List<String> recorded = recordedNames(owner, m);
    List<TaskModel.Param> out = new ArrayList<>();
    int component = 0;
    for (VariableElement p : m.getParameters()) {
      TaskModel.Kind kind = kindOf(p.asType());
      String name = p.getSimpleName().toString();
      if (kind != TaskModel.Kind.TASK_CONTEXT && recorded != null && component < recorded.size()) {
        name = recorded.get(component);
      }
      if (kind != TaskModel.Kind.TASK_CONTEXT) {
        component++;
      }
      out.add(
          new TaskModel.Param(
              name, p.asType(), kind, Types2.optional(p, types), Types2.nullableAnnotation(p)));
    }
    return List.copyOf(out);
  }

  /**
   * Input names as the generated record of a class compiled earlier keeps them (parameter names of
   * class files exist only with {@code -parameters}); null when there is no such record.
   */
  private @Nullable List<String> recordedNames(TypeElement owner, ExecutableElement m) {
    if (owner.getKind() != ElementKind.CLASS && owner.getKind() != ElementKind.RECORD
        || elements.getTypeElement(owner.getQualifiedName()) == null) {
      return null;
    }
    String record =
        TasksGenerator.className(owner).canonicalName()
            + "."
            + Names.capitalized(m.getSimpleName().toString())
            + "Input";
    TypeElement r = elements.getTypeElement(record);
    if (r == null || r.getKind() != ElementKind.RECORD) {
      return null;
    }
    return r.getRecordComponents().stream().map(c -> c.getSimpleName().toString()).toList();
  }

  private TaskModel.Kind kindOf(TypeMirror t) {
    String n = Types2.qualifiedName(types.erasure(t));
    if (n.equals(Names.TASK_CONTEXT.canonicalName())) {
      return TaskModel.Kind.TASK_CONTEXT;
    }
    if (n.equals(Names.WORKFLOW_CONTEXT.canonicalName())) {
      return TaskModel.Kind.WORKFLOW_CONTEXT;
    }
    if (n.equals(Names.WORKFLOW_META.canonicalName())) {
      return TaskModel.Kind.WORKFLOW_META;
    }
    return TaskModel.Kind.INPUT;
  }

  private TaskModel.Options options(ExecutableElement m, AnnotationMirror a) {
    String queue = annotations.string(a, "queue");
    int priority = annotations.integer(a, "priority");
    if (priority != 0 && (priority < 1 || priority > 100)) {
      reporter.at(m, a, Annotations.explicit(a, "priority"), Diagnostic.BAD_PRIORITY, priority);
    }
    String goodFor = annotations.string(a, "goodFor");
    if (!goodFor.isEmpty()) {
      duration(m, a, a, "goodFor", Duration.ofSeconds(1), null);
    }
    TaskModel.Retry retry = retry(m, a, annotations.annotation(a, "retry"));
    List<TaskModel.Mapping> mappings = new ArrayList<>();
    for (AnnotationValue v : annotations.list(a, "mapExceptions")) {
      AnnotationMirror me = (AnnotationMirror) v.getValue();
      String code = annotations.string(me, "code");
      TypeMirror type = annotations.type(me, "type");
      if (userCode(m, a, v, code, "mapped exception code") && type != null) {
        mappings.add(new TaskModel.Mapping(type, code)); // an unresolved class is javac's error
      }
    }
    String def = annotations.string(a, "defaultErrorCode");
    if (!def.isEmpty() && !def.equals("UNHANDLED_EXCEPTION")) {
      userCode(m, a, Annotations.explicit(a, "defaultErrorCode"), def, "defaultErrorCode");
    }
    return new TaskModel.Options(
        queue.isEmpty() ? null : queue,
        priority,
        goodFor.isEmpty() ? null : goodFor,
        retry,
        List.copyOf(mappings),
        def.isEmpty() ? null : def);
  }

  private boolean userCode(
      ExecutableElement m,
      AnnotationMirror a,
      @Nullable AnnotationValue v,
      String code,
      String what) {
    if (Names.BUILT_IN_CODES.contains(code)) {
      reporter.at(m, a, v, Diagnostic.BUILT_IN_CODE, code, what);
      return false;
    }
    if (code.isBlank()) {
      reporter.at(m, a, v, Diagnostic.BAD_TASK_OPTION, what + " is blank");
      return false;
    }
    return true;
  }

  private TaskModel.@Nullable Retry retry(
      ExecutableElement m, AnnotationMirror task, AnnotationMirror r) {
    AnnotationValue where = Annotations.explicit(task, "retry");
    int max = annotations.integer(r, "max");
    if (max == 0) {
      return null;
    }
    if (max < 0 || max > 20) {
      reporter.at(
          m,
          task,
          where,
          Diagnostic.BAD_TASK_OPTION,
          "@Retry max must be 0..20 (retries after the first attempt), was " + max);
    }
    String initial = annotations.string(r, "initial");
    duration(m, task, r, "initial", Duration.ofSeconds(1), Duration.ofDays(1));
    String maxDelay = annotations.string(r, "maxDelay");
    if (!maxDelay.isEmpty()) {
      reporter.at(
          m,
          task,
          where,
          Diagnostic.NOT_SUPPORTED_YET,
          "@Retry maxDelay is not supported by the runtime yet (every wait is capped at one day);"
              + " remove it");
    }
    List<String> on = new ArrayList<>();
    for (AnnotationValue v : annotations.list(r, "on")) {
      on.add((String) v.getValue());
    }
    if (on.isEmpty() || on.stream().anyMatch(String::isBlank)) {
      reporter.at(
          m, task, where, Diagnostic.BAD_TASK_OPTION, "@Retry on must name non-blank error codes");
    }
    boolean fixed = annotations.enumName(r, "backoff").equals("FIXED");
    return new TaskModel.Retry(
        max,
        fixed,
        initial,
        maxDelay.isEmpty() ? null : maxDelay,
        annotations.bool(r, "jitter"),
        List.copyOf(on));
  }

  /** Parses an ISO-8601 duration member, reporting GALLOP-102 on the task annotation. */
  private @Nullable Duration duration(
      ExecutableElement m,
      AnnotationMirror task,
      AnnotationMirror holder,
      String member,
      Duration min,
      @Nullable Duration max) {
    String text = annotations.string(holder, member);
    AnnotationValue where =
        holder == task ? Annotations.explicit(task, member) : Annotations.explicit(task, "retry");
    try {
      Duration d = Duration.parse(text);
      if (d.compareTo(min) < 0 || (max != null && d.compareTo(max) > 0)) {
        reporter.at(
            m,
            task,
            where,
            Diagnostic.BAD_TASK_OPTION,
            member + " must be " + min + ".." + (max == null ? "" : max) + ", was " + text);
        return null;
      }
      return d;
    } catch (DateTimeParseException e) {
      reporter.at(
          m,
          task,
          where,
          Diagnostic.BAD_TASK_OPTION,
          member + " '" + text + "' is not an ISO-8601 duration such as PT30S or PT5M");
      return null;
    }
  }
}
