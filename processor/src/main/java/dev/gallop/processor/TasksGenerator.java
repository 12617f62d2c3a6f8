package dev.gallop.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * Generates {@code <Class>Tasks} for a class with {@code @Task} methods: an input record and a
 * typed {@code TaskDescriptor} per task, {@code register(gallop, impl)} with handlers calling the
 * methods directly (no reflection), and typed sends.
 */
final class TasksGenerator {
  private TasksGenerator() {}

  /** {@code p.Orders} -> {@code p.OrdersTasks}; {@code p.A.B} -> {@code p.A_BTasks}. */
  static ClassName className(TypeElement owner) {
    return ClassName.get(packageOf(owner), flatName(owner) + "Tasks");
  }

  static String packageOf(Element e) {
    while (!(e instanceof PackageElement)) {
      e = e.getEnclosingElement();
    }
    return ((PackageElement) e).getQualifiedName().toString();
  }

  static String flatName(TypeElement t) {
    String pkg = packageOf(t);
    String q = t.getQualifiedName().toString();
    return (pkg.isEmpty() ? q : q.substring(pkg.length() + 1)).replace('.', '_');
  }

  /** The record nested in the Tasks class that holds a task's inputs. */
  static ClassName inputRecord(TaskModel t) {
    return className(t.owner()).nestedClass(Names.capitalized(t.methodName()) + "Input");
  }

  /** The descriptor constant, e.g. {@code OrdersTasks.CHARGE}. */
  static CodeBlock descriptor(TaskModel t) {
    return CodeBlock.of("$T.$N", className(t.owner()), Names.constant(t.methodName()));
  }

  static JavaFile generate(TaskReader.TaskClass tc) {
    TypeElement owner = tc.owner();
    ClassName self = className(owner);
    ClassName ownerName = ClassName.get(owner);
    TypeSpec.Builder type =
        TypeSpec.classBuilder(self)
            .addOriginatingElement(owner)
            .addAnnotation(generated())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addJavadoc(
                "Gallop tasks of {@link $T}: input records, typed descriptors, registration and"
                    + " typed sends.\n\n<p>In every worker process: {@code $T.register(gallop$L)}."
                    + " A process that only sends tasks or starts workflows needs no instance.\n",
                ownerName,
                self,
                tc.tasks().stream().allMatch(TaskModel::isStatic)
                    ? ""
                    : ", new " + owner.getSimpleName() + "(...)")
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    for (TaskModel t : tc.tasks()) {
      type.addType(inputRecordSpec(t));
      type.addField(descriptorField(t));
    }
    type.addMethod(register(tc, ownerName));
    for (TaskModel t : tc.tasks()) {
      type.addType(sender(t));
      ClassName sender = self.nestedClass(Names.capitalized(t.methodName()) + "Task");
      type.addMethod(
          MethodSpec.methodBuilder(t.methodName())
              .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
              .addJavadoc(
                  "Task {@code $L} of {@code gallop}, for typed sends: {@code $L(gallop).send(...)}.\n",
                  t.name(),
                  t.methodName())
              .addParameter(Names.GALLOP, "gallop")
              .returns(sender)
              .addStatement(
                  "return new $T(gallop.task($N))", sender, Names.constant(t.methodName()))
              .build());
    }
    type.addType(module(tc, self, ownerName));
    return JavaFile.builder(self.packageName(), type.build()).skipJavaLangImports(true).build();
  }

  /** The discovery hook, listed in META-INF/services by {@link GallopIndexProcessor}. */
  private static TypeSpec module(TaskReader.TaskClass tc, ClassName self, ClassName owner) {
    boolean needsInstance = !tc.tasks().stream().allMatch(TaskModel::isStatic);
    TypeName descriptors =
        ParameterizedTypeName.get(
            ClassName.get(List.class),
            ParameterizedTypeName.get(
                Names.TASK_DESCRIPTOR,
                com.palantir.javapoet.WildcardTypeName.subtypeOf(Object.class),
                com.palantir.javapoet.WildcardTypeName.subtypeOf(Object.class)));
    return module(Names.GENERATED_TASKS, "these tasks")
        .addMethod(
            MethodSpec.methodBuilder("serviceType")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(
                    ParameterizedTypeName.get(
                        ClassName.get(Class.class),
                        com.palantir.javapoet.WildcardTypeName.subtypeOf(Object.class)))
                .addStatement("return $T.class", owner)
                .build())
        .addMethod(
            MethodSpec.methodBuilder("needsInstance")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(boolean.class)
                .addStatement("return $L", needsInstance)
                .build())
        .addMethod(
            MethodSpec.methodBuilder("tasks")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(descriptors)
                .addStatement(
                    "return $T.of($L)",
                    List.class,
                    tc.tasks().stream()
                        .map(x -> CodeBlock.of("$N", Names.constant(x.methodName())))
                        .collect(CodeBlock.joining(", ")))
                .build())
        .addMethod(
            MethodSpec.methodBuilder("register")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(Names.GALLOP, "gallop")
                .addParameter(Object.class, "service")
                .addStatement(
                    needsInstance ? "$T.register(gallop, ($T) service)" : "$T.register(gallop)",
                    self,
                    owner)
                .build())
        .build();
  }

  /**
   * A {@code Module} discovery hook implementing {@code hook}, with the public no-argument
   * constructor ServiceLoader needs; listed in META-INF/services by {@link GallopIndexProcessor}.
   */
  static TypeSpec.Builder module(ClassName hook, String what) {
    return TypeSpec.classBuilder("Module")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addSuperinterface(hook)
        .addJavadoc(
            "Discovery hook: {@code gallop worker} and {@code gallop check} find $L through"
                + " {@code META-INF/services}.\n",
            what)
        .addMethod(
            MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("For {@link java.util.ServiceLoader}.\n")
                .build());
  }

  /** Private final fields and a package-private constructor assigning them, in order. */
  static void fields(TypeSpec.Builder type, ParameterSpec... fields) {
    MethodSpec.Builder ctor = MethodSpec.constructorBuilder();
    for (ParameterSpec f : fields) {
      type.addField(f.type(), f.name(), Modifier.PRIVATE, Modifier.FINAL);
      ctor.addParameter(f).addStatement("this.$N = $N", f.name(), f.name());
    }
    type.addMethod(ctor.build());
  }

  /** A field (or parameter) of this type and name, for {@link #fields}. */
  static ParameterSpec field(TypeName type, String name) {
    return ParameterSpec.builder(type, name).build();
  }

  static AnnotationSpec generated() {
    return AnnotationSpec.builder(Names.GENERATED)
        .addMember("value", "$S", GallopProcessor.class.getName())
        .build();
  }

  private static TypeSpec inputRecordSpec(TaskModel t) {
    MethodSpec.Builder ctor = MethodSpec.constructorBuilder();
    StringBuilder doc = new StringBuilder();
    for (TaskModel.Param p : t.params()) {
      if (p.inRecord()) {
        ParameterSpec.Builder c = ParameterSpec.builder(TypeName.get(p.type()), p.name());
        if (p.nullable() != null) {
          c.addAnnotation(ClassName.bestGuess(p.nullable()));
        }
        ctor.addParameter(c.build());
        doc.append("@param ")
            .append(p.name())
            .append(
                switch (p.kind()) {
                  case WORKFLOW_CONTEXT -> " filled by the worker (workflow context)";
                  case WORKFLOW_META -> " filled by the worker (workflow identity)";
                  default -> " input '" + p.name() + "'";
                })
            .append('\n');
      }
    }
    return TypeSpec.recordBuilder(inputRecord(t).simpleName())
        .addModifiers(Modifier.PUBLIC)
        .recordConstructor(ctor.build())
        .addJavadoc(
            "Inputs of task {@code $L} ({@link $T#$L}).\n\n$L",
            t.name(),
            ClassName.get(t.owner()),
            t.methodName(),
            doc)
        .build();
  }

  private static FieldSpec descriptorField(TaskModel t) {
    TypeName type =
        ParameterizedTypeName.get(Names.TASK_DESCRIPTOR, inputRecord(t), boxed(t.result()));
    CodeBlock.Builder init =
        CodeBlock.builder()
            .add(
                "$T.builder($S, $T.class, $L)",
                Names.TASK_DESCRIPTOR,
                t.name(),
                inputRecord(t),
                typeToken(t.result()));
    TaskModel.Options o = t.options();
    if (o.queue() != null) {
      init.add("\n.queue($S)", o.queue());
    }
    if (o.priority() != 0) {
      init.add("\n.priority($L)", o.priority());
    }
    if (o.goodFor() != null) {
      init.add("\n.goodFor($T.parse($S))", java.time.Duration.class, o.goodFor());
    }
    if (o.retry() != null) {
      init.add("\n.retryPolicy($L)", retry(o.retry()));
    }
    for (TaskModel.Mapping m : o.mappings()) {
      init.add("\n.mapException($T.class, $S)", TypeName.get(m.type()), m.code());
    }
    if (o.defaultErrorCode() != null) {
      init.add("\n.defaultErrorCode($S)", o.defaultErrorCode());
    }
    init.add("\n.build()");
    return FieldSpec.builder(type, Names.constant(t.methodName()))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc(
            "Task {@code $L}: {@link $T#$L}.\n", t.name(), ClassName.get(t.owner()), t.methodName())
        .initializer(CodeBlock.builder().indent().add(init.build()).unindent().build())
        .build();
  }

  private static CodeBlock retry(TaskModel.Retry r) {
    CodeBlock codes =
        r.on().stream().map(c -> CodeBlock.of("$S", c)).collect(CodeBlock.joining(", "));
    CodeBlock base = CodeBlock.of("$T.parse($S)", java.time.Duration.class, r.initial());
    CodeBlock policy =
        r.fixed()
            ? CodeBlock.of(
                "$T.fixed($T.nCopies($L, $L), $L)",
                Names.RETRY_POLICY,
                java.util.Collections.class,
                r.max(),
                base,
                codes)
            : CodeBlock.of("$T.exponential($L, $L, $L)", Names.RETRY_POLICY, base, r.max(), codes);
    return r.jitter() ? policy : CodeBlock.of("$L.withJitter(false)", policy);
  }

  private static MethodSpec register(TaskReader.TaskClass tc, ClassName owner) {
    boolean needsImpl = !tc.tasks().stream().allMatch(TaskModel::isStatic);
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("register")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addParameter(Names.GALLOP, "gallop")
            .addJavadoc(
                "Registers every task of {@link $T} on {@code gallop}, each calling its method"
                    + " directly.\n\n@param gallop the engine\n",
                owner);
    if (needsImpl) {
      m.addParameter(owner, "impl").addJavadoc("@param impl the instance whose methods run\n");
    }
    m.addJavadoc(
        "@throws dev.gallop.error.ConfigurationException if a task is invalid for this engine"
            + " (for example its queue is unknown, or its name is taken)\n");
    for (TaskModel t : tc.tasks()) {
      List<CodeBlock> args = new ArrayList<>();
      for (TaskModel.Param p : t.params()) {
        args.add(
            p.kind() == TaskModel.Kind.TASK_CONTEXT
                ? CodeBlock.of("ctx")
                : CodeBlock.of("in.$N()", p.name()));
      }
      CodeBlock target = t.isStatic() ? CodeBlock.of("$T", owner) : CodeBlock.of("impl");
      m.addStatement(
          "gallop.register($N, (in, ctx) -> $L.$N($L))",
          Names.constant(t.methodName()),
          target,
          t.methodName(),
          args.stream().collect(CodeBlock.joining(", ")));
    }
    return m.build();
  }

  private static TypeSpec sender(TaskModel t) {
    ClassName self = className(t.owner()).nestedClass(Names.capitalized(t.methodName()) + "Task");
    TypeName result = boxed(t.result());
    TypeName taskType = ParameterizedTypeName.get(Names.TASK, inputRecord(t), result);
    TypeName handle = ParameterizedTypeName.get(Names.TASK_HANDLE, result);
    List<TaskModel.Param> inputs =
        t.params().stream().filter(p -> p.kind() == TaskModel.Kind.INPUT).toList();
    String record =
        t.params().stream()
            .filter(TaskModel.Param::inRecord)
            .map(p -> p.kind() == TaskModel.Kind.INPUT ? p.name() : "null")
            .collect(Collectors.joining(", "));
    MethodSpec.Builder send =
        MethodSpec.methodBuilder("send")
            .addModifiers(Modifier.PUBLIC)
            .returns(handle)
            .addJavadoc(
                "Sends the task with a generated id.\n\n@throws dev.gallop.error.TaskSendException"
                    + " on bad input or a database failure\n");
    MethodSpec.Builder sendWith =
        MethodSpec.methodBuilder("send")
            .addModifiers(Modifier.PUBLIC)
            .returns(handle)
            .addParameter(Names.SEND_OPTIONS, "options")
            .addJavadoc(
                "Sends the task with options (id, delay, deadline); idempotent by id.\n\n"
                    + "@throws dev.gallop.error.TaskSendException on bad input, a payload"
                    + " mismatch or a database failure\n");
    for (TaskModel.Param p : inputs) {
      send.addParameter(TypeName.get(p.type()), p.name());
      sendWith.addParameter(TypeName.get(p.type()), p.name());
    }
    send.addStatement(
        "return send($T.none()$L)",
        Names.SEND_OPTIONS,
        inputs.stream().map(p -> ", " + p.name()).collect(Collectors.joining()));
    sendWith.addStatement(
        "return task.send(new $T($L), $N.applyTo(options))",
        inputRecord(t),
        record,
        Names.constant(t.methodName()));
    TypeSpec.Builder sender =
        TypeSpec.classBuilder(self)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("Typed sends of task {@code $L}. Thread-safe.\n", t.name());
    fields(sender, field(taskType, "task"));
    return sender
        .addMethod(send.build())
        .addMethod(sendWith.build())
        .addMethod(
            MethodSpec.methodBuilder("task")
                .addModifiers(Modifier.PUBLIC)
                .returns(taskType)
                .addJavadoc(
                    "The underlying task, for {@code sendAll}, handles and the builder API.\n")
                .addStatement("return task")
                .build())
        .build();
  }

  /** {@code X.class} for a plain type, {@code new TypeRef<X<Y>>() {}} for a generic one. */
  static CodeBlock typeToken(TypeMirror t) {
    if (t instanceof DeclaredType d && !d.getTypeArguments().isEmpty()) {
      return CodeBlock.of(
          "$L",
          TypeSpec.anonymousClassBuilder("")
              .superclass(ParameterizedTypeName.get(Names.TYPE_REF, TypeName.get(t)))
              .build());
    }
    return CodeBlock.of("$T.class", TypeName.get(t));
  }

  static TypeName boxed(TypeMirror t) {
    return TypeName.get(t).box();
  }
}
