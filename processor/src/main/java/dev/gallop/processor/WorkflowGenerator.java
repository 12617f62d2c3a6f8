package dev.gallop.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import dev.gallop.processor.WorkflowModel.Binding;
import dev.gallop.processor.WorkflowModel.NodeModel;
import dev.gallop.processor.WorkflowModel.Ref;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Generates {@code <Interface>Workflow} from a clean {@link WorkflowModel}: {@code KEY}, {@code
 * NAME}, a {@code NodeKey} per node, the {@code DEFINITION}, {@code spec(gallop, params...)}, a
 * typed {@code Spec} and {@code Handle} (one method per node), and {@code attach}. The build
 * function creates nodes in a topological order, so every edge refers to a node already built.
 */
final class WorkflowGenerator {
  private final Elements elements;
  private final Types types;

  WorkflowGenerator(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  static ClassName className(TypeElement type) {
    return ClassName.get(
        TasksGenerator.packageOf(type), TasksGenerator.flatName(type) + "Workflow");
  }

  JavaFile generate(WorkflowModel wf, List<NodeModel> order) {
    ClassName self = className(wf.type());
    ClassName iface = ClassName.get(wf.type());
    TypeName out = outputType(wf);
    boolean hasParams = !wf.parameters().isEmpty();
    ClassName params = self.nestedClass("Params");
    TypeName paramType = hasParams ? params : ClassName.get(Void.class);
    ClassName spec = self.nestedClass("Spec");
    ClassName handle = self.nestedClass("Handle");
    TypeSpec.Builder type =
        TypeSpec.classBuilder(self)
            .addOriginatingElement(wf.type())
            .addAnnotation(TasksGenerator.generated())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addJavadoc(
                "Workflow {@code $L} ({@code $L}), declared by {@link $T}.\n\n<pre>{@code\n"
                    + "$T.Handle h = $T.spec(gallop$L).start(\"id\");\n"
                    + "TaskResult<$T> r = h.get(Duration.ofSeconds(30));\n}</pre>\n",
                wf.name(),
                wf.key(),
                iface,
                self,
                self,
                wf.parameters().stream()
                    .map(p -> ", " + p.getSimpleName())
                    .collect(Collectors.joining()),
                out)
            .addField(
                constant(
                    ClassName.get(String.class),
                    "KEY",
                    CodeBlock.of("$S", wf.key()),
                    "The definition key, stored with every run."))
            .addField(
                constant(
                    ClassName.get(String.class),
                    "NAME",
                    CodeBlock.of("$S", wf.name()),
                    "The workflow name."));
    for (NodeModel n : wf.nodes()) {
      type.addField(
          constant(
              ParameterizedTypeName.get(Names.NODE_KEY, TasksGenerator.boxed(n.result())),
              Names.constant(n.id()),
              CodeBlock.of("$T.of($S, $L)", Names.NODE_KEY, n.id(), typeExpression(n.result())),
              n.task() != null
                  ? "Node {@code " + n.id() + "}: task {@code " + n.task().name() + "}."
                  : "Node {@code "
                      + n.id()
                      + "}: subworkflow {@link "
                      + ClassName.get(n.child()).canonicalName()
                      + "}."));
    }
    if (hasParams) {
      type.addType(paramsRecord(wf, params));
    }
    type.addField(definition(wf, paramType, out, params, hasParams));
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    type.addMethod(specFactory(wf, spec, params, hasParams));
    type.addMethod(attach(wf, handle, out));
    type.addMethod(build(wf, order, out, paramType, params, hasParams));
    type.addType(specClass(wf, spec, handle, out));
    type.addType(handleClass(wf, handle, out));
    type.addType(module(wf, iface));
    return JavaFile.builder(self.packageName(), type.build()).skipJavaLangImports(true).build();
  }

  private static FieldSpec constant(TypeName type, String name, CodeBlock value, String doc) {
    return FieldSpec.builder(type, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("$L\n", doc)
        .initializer(value)
        .build();
  }

  private TypeName outputType(WorkflowModel wf) {
    return wf.isVoid() ? resultMap() : TasksGenerator.boxed(wf.method().getReturnType());
  }

  private static TypeName resultMap() {
    return ParameterizedTypeName.get(
        ClassName.get(java.util.Map.class),
        ClassName.get(String.class),
        ParameterizedTypeName.get(Names.TASK_RESULT, WildcardTypeName.subtypeOf(Object.class)));
  }

  /** A {@code java.lang.reflect.Type} expression for {@code t}. */
  private static CodeBlock typeExpression(TypeMirror t) {
    CodeBlock token = TasksGenerator.typeToken(t);
    return t instanceof DeclaredType d && !d.getTypeArguments().isEmpty()
        ? CodeBlock.of("$L.type()", token)
        : token;
  }

  private static TypeSpec paramsRecord(WorkflowModel wf, ClassName params) {
    MethodSpec.Builder ctor = MethodSpec.constructorBuilder();
    StringBuilder doc = new StringBuilder();
    for (VariableElement p : wf.parameters()) {
      ctor.addParameter(TypeName.get(p.asType()), p.getSimpleName().toString());
      doc.append("@param ").append(p.getSimpleName()).append(" workflow parameter\n");
    }
    return TypeSpec.recordBuilder(params)
        .addModifiers(Modifier.PUBLIC)
        .recordConstructor(ctor.build())
        .addJavadoc("The parameters of workflow {@code $L}.\n\n$L", wf.name(), doc)
        .build();
  }

  private FieldSpec definition(
      WorkflowModel wf, TypeName paramType, TypeName out, ClassName params, boolean hasParams) {
    CodeBlock token =
        wf.isVoid()
            ? CodeBlock.of(
                "$L",
                TypeSpec.anonymousClassBuilder("")
                    .superclass(ParameterizedTypeName.get(Names.TYPE_REF, out))
                    .build())
            : TasksGenerator.typeToken(wf.method().getReturnType());
    CodeBlock.Builder init =
        CodeBlock.builder().add("$T.builder(KEY, NAME, ", Names.WORKFLOW_DEFINITION);
    if (hasParams) {
      init.add("$T.class, ", params);
    }
    init.add("$L)", token);
    if (hasParams) {
      String zeros =
          wf.parameters().stream().map(p -> zero(p.asType())).collect(Collectors.joining(", "));
      init.add("\n.sampleParameters(new $T($L))", params, zeros);
    }
    List<ClassName> children =
        wf.nodes().stream()
            .filter(n -> n.child() != null)
            .map(n -> className(n.child()))
            .distinct()
            .toList();
    if (!children.isEmpty()) {
      init.add(
          "\n.contains($L)",
          children.stream()
              .map(c -> CodeBlock.of("$T.DEFINITION", c))
              .collect(CodeBlock.joining(", ")));
    }
    init.add("\n.build($T::build)", className(wf.type()));
    return FieldSpec.builder(
            ParameterizedTypeName.get(Names.WORKFLOW_DEFINITION, paramType, out),
            "DEFINITION",
            Modifier.PUBLIC,
            Modifier.STATIC,
            Modifier.FINAL)
        .addJavadoc(
            "The reusable definition: {@code gallop.registerTree(DEFINITION)} in workers registers it"
                + " with its children, for subworkflows and {@code checkDefinitions()}.$L\n",
            hasParams ? " Its sample parameters (zeros and nulls) serve the definition check." : "")
        .initializer(CodeBlock.builder().indent().add(init.build()).unindent().build())
        .build();
  }

  private static String zero(TypeMirror t) {
    return switch (t.getKind()) {
      case BOOLEAN -> "false";
      case LONG -> "0L";
      case FLOAT -> "0f";
      case DOUBLE -> "0d";
      case BYTE -> "(byte) 0";
      case SHORT -> "(short) 0";
      case CHAR -> "'\\0'";
      case INT -> "0";
      default -> "null";
    };
  }

  private MethodSpec specFactory(
      WorkflowModel wf, ClassName spec, ClassName params, boolean hasParams) {
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("spec")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(spec)
            .addParameter(Names.GALLOP, "gallop")
            .addJavadoc(
                "A new spec of this workflow on {@code gallop}, ready to start. Needs no task"
                    + " bodies in this process.\n\n@param gallop the engine\n");
    for (VariableElement p : wf.parameters()) {
      m.addParameter(TypeName.get(p.asType()), p.getSimpleName().toString());
      m.addJavadoc("@param $L workflow parameter\n", p.getSimpleName());
    }
    m.addJavadoc(
        "@throws dev.gallop.error.WorkflowValidationException if the engine refuses the graph"
            + " (for example an unknown queue)\n");
    CodeBlock args =
        hasParams
            ? CodeBlock.of(
                "new $T($L)",
                params,
                wf.parameters().stream()
                    .map(p -> p.getSimpleName().toString())
                    .collect(Collectors.joining(", ")))
            : CodeBlock.of("null");
    return m.addStatement("return new $T(gallop, gallop.workflow(DEFINITION, $L))", spec, args)
        .build();
  }

  private MethodSpec attach(WorkflowModel wf, ClassName handle, TypeName out) {
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("attach")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(handle)
            .addParameter(Names.GALLOP, "gallop")
            .addParameter(String.class, "workflowId")
            .addJavadoc(
                "Re-attaches to a started run of this workflow, from any process. Does not query"
                    + " the database: an unknown id shows on first use.\n\n@param gallop the"
                    + " engine\n@param workflowId the run's id\n@return its typed handle\n");
    if (wf.isVoid()) {
      m.addAnnotation(
              AnnotationSpec.builder(SuppressWarnings.class)
                  .addMember("value", "$S", "unchecked")
                  .build())
          .addStatement(
              "return new $T(gallop, ($T) ($T) gallop.workflowHandle(workflowId))",
              handle,
              ParameterizedTypeName.get(Names.WORKFLOW_HANDLE, out),
              ParameterizedTypeName.get(
                  Names.WORKFLOW_HANDLE, WildcardTypeName.subtypeOf(Object.class)));
    } else {
      m.addStatement(
          "return new $T(gallop, gallop.workflowHandle(workflowId, $L))",
          handle,
          TasksGenerator.typeToken(wf.method().getReturnType()));
    }
    return m.build();
  }

  private MethodSpec build(
      WorkflowModel wf,
      List<NodeModel> order,
      TypeName out,
      TypeName paramType,
      ClassName params,
      boolean hasParams) {
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("build")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(ParameterizedTypeName.get(Names.WORKFLOW_SPEC, out))
            .addParameter(Names.WORKFLOW_FACTORY, "workflows")
            .addParameter(paramType, "parameters");
    if (hasParams) {
      m.addStatement(
          "$T params = $T.requireNonNull(parameters, $S)",
          params,
          Objects.class,
          "workflow '" + wf.name() + "' needs its parameters");
    }
    for (NodeModel n : order) {
      m.addStatement(
          "$T $N = $L",
          ParameterizedTypeName.get(
              n.task() != null ? Names.TASK_NODE : Names.SUB_WORKFLOW_NODE,
              TasksGenerator.boxed(n.result())),
          local(n.id()),
          node(n));
    }
    CodeBlock.Builder spec =
        CodeBlock.builder()
            .add("return workflows\n")
            .indent()
            .add(".workflow(NAME)\n")
            .add(
                ".nodes($L)",
                wf.nodes().stream().map(n -> local(n.id())).collect(Collectors.joining(", ")));
    if (wf.output() != null) {
      spec.add("\n.output($N)", local(wf.output()));
    }
    if (wf.onErrorPause()) {
      spec.add("\n.onError($T.PAUSE)", Names.ON_ERROR);
    }
    if (!wf.success().isEmpty()) {
      CodeBlock cases =
          wf.success().stream()
              .map(c -> CodeBlock.of("$T.of($L)", Names.SUCCESS_CASE, refs(Arrays.asList(c))))
              .collect(CodeBlock.joining(", "));
      spec.add("\n.successPolicy($T.of($L)", Names.SUCCESS_POLICY, cases);
      if (!wf.optional().isEmpty()) {
        spec.add(".withOptional($L)", refs(wf.optional()));
      }
      spec.add(")");
    }
    spec.add("\n.build();\n").unindent();
    return m.addCode(spec.build()).build();
  }

  private static String refs(List<Ref> refs) {
    return refs.stream().map(r -> local(r.id())).collect(Collectors.joining(", "));
  }

  private static String local(String id) {
    return id + "Node";
  }

  private CodeBlock node(NodeModel n) {
    CodeBlock.Builder b =
        CodeBlock.builder()
            .add(
                n.task() != null
                    ? CodeBlock.of(
                        "$T.of(workflows.task($L))",
                        Names.TASK_NODE,
                        TasksGenerator.descriptor(n.task()))
                    : CodeBlock.of(
                        "$T.of($T.DEFINITION)", Names.SUB_WORKFLOW_NODE, className(n.child())))
            .indent()
            .add("\n.nodeId($S)", n.id());
    if (!n.dependencies().isEmpty()) {
      b.add(
          "\n.waitsFor($L)",
          n.dependencies().stream()
              .map(WorkflowGenerator::local)
              .collect(Collectors.joining(", ")));
    }
    for (Binding x : n.bindings()) {
      String input = x.input().name();
      switch (x.source()) {
        case FROM -> b.add("\n.argsFrom($S, $N)", input, local(x.ref()));
        case PARAM -> b.add("\n.input($S, params.$N())", input, x.ref());
        case VALUE ->
            b.add("\n.input($S, $L)", input, Literals.code(x.parameter().asType(), x.ref(), types));
      }
    }
    if (!n.ctxFrom().isEmpty()) {
      b.add("\n.workflowCtxFrom($L)", refs(n.ctxFrom()));
    }
    switch (n.join()) {
      case "ANY" -> b.add("\n.join($T.ANY)", Names.JOIN_TYPE);
      case "QUORUM" -> b.add("\n.quorum($L)", n.minSuccess());
      default -> {
        if (n.allowFailedDeps()) {
          b.add("\n.allowFailedDeps()");
        }
      }
    }
    if (n.queue() != null) {
      b.add("\n.queue($S)", n.queue());
    }
    if (n.priority() != 0) {
      b.add("\n.priority($L)", n.priority());
    }
    if (n.goodFor() != null) {
      b.add(
          "\n.goodUntil($T.now().plus($T.parse($S)))",
          java.time.Instant.class,
          java.time.Duration.class,
          n.goodFor());
    }
    return b.add("\n.build()").unindent().build();
  }

  private TypeSpec specClass(WorkflowModel wf, ClassName spec, ClassName handle, TypeName out) {
    TypeName inner = ParameterizedTypeName.get(Names.WORKFLOW_SPEC, out);
    TypeName future = ParameterizedTypeName.get(ClassName.get(CompletableFuture.class), handle);
    TypeSpec.Builder s =
        TypeSpec.classBuilder(spec)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc(
                "A spec of workflow {@code $L} whose starts return the typed {@link Handle}."
                    + " Thread-safe: one spec can be started many times.\n",
                wf.name());
    TasksGenerator.fields(
        s, TasksGenerator.field(Names.GALLOP, "gallop"), TasksGenerator.field(inner, "spec"));
    return s.addMethod(
            MethodSpec.methodBuilder("spec")
                .addModifiers(Modifier.PUBLIC)
                .returns(inner)
                .addJavadoc(
                    "The builder API's view of this spec: nodes, policies, definition key.\n")
                .addStatement("return spec")
                .build())
        .addMethod(
            MethodSpec.methodBuilder("start")
                .addModifiers(Modifier.PUBLIC)
                .returns(handle)
                .addJavadoc(
                    "Starts a run with a random UUID id.\n\n@throws dev.gallop.error.WorkflowStartException on a closed engine or a database failure\n")
                .addStatement("return new $T(gallop, spec.start())", handle)
                .build())
        .addMethod(
            MethodSpec.methodBuilder("start")
                .addModifiers(Modifier.PUBLIC)
                .returns(handle)
                .addParameter(String.class, "workflowId")
                .addJavadoc(
                    "Starts a run with this id (null: a random UUID); idempotent by id.\n\n"
                        + "@param workflowId non-blank, at most 128 characters\n"
                        + "@throws dev.gallop.error.WorkflowStartException on a closed engine or a database failure\n")
                .addStatement("return new $T(gallop, spec.start(workflowId))", handle)
                .build())
        .addMethod(
            MethodSpec.methodBuilder("startAsync")
                .addModifiers(Modifier.PUBLIC)
                .returns(future)
                .addJavadoc("Asynchronous {@link #start()}.\n")
                .addStatement("return spec.startAsync().thenApply(h -> new $T(gallop, h))", handle)
                .build())
        .addMethod(
            MethodSpec.methodBuilder("startAsync")
                .addModifiers(Modifier.PUBLIC)
                .returns(future)
                .addParameter(String.class, "workflowId")
                .addJavadoc(
                    "Asynchronous {@link #start(String)}.\n\n@param workflowId as in {@link #start(String)}\n")
                .addStatement(
                    "return spec.startAsync(workflowId).thenApply(h -> new $T(gallop, h))", handle)
                .build())
        .build();
  }

  private TypeSpec handleClass(WorkflowModel wf, ClassName handle, TypeName out) {
    TypeName iface = ParameterizedTypeName.get(Names.WORKFLOW_HANDLE, out);
    TypeSpec.Builder h =
        TypeSpec.classBuilder(handle)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addSuperinterface(iface)
            .addJavadoc(
                "A typed handle to a run of workflow {@code $L}: the {@code WorkflowHandle}"
                    + " methods, plus one method per node returning its typed result without"
                    + " blocking ({@code RESULT_NOT_READY} until it is there). Thread-safe.\n",
                wf.name());
    TasksGenerator.fields(
        h, TasksGenerator.field(Names.GALLOP, "gallop"), TasksGenerator.field(iface, "delegate"));
    TypeElement handleType = elements.getTypeElement(Names.WORKFLOW_HANDLE.canonicalName());
    DeclaredType declared = types.getDeclaredType(handleType, outTypeMirror(wf));
    for (ExecutableElement m : ElementFilter.methodsIn(handleType.getEnclosedElements())) {
      if (m.isDefault() || m.getModifiers().contains(Modifier.STATIC)) {
        continue;
      }
      MethodSpec.Builder o = MethodSpec.overriding(m, declared, types);
      String args =
          m.getParameters().stream()
              .map(p -> p.getSimpleName().toString())
              .collect(Collectors.joining(", "));
      if (m.getReturnType().getKind() == TypeKind.VOID) {
        o.addStatement("delegate.$N($L)", m.getSimpleName().toString(), args);
      } else {
        o.addStatement("return delegate.$N($L)", m.getSimpleName().toString(), args);
      }
      h.addMethod(o.build());
    }
    for (NodeModel n : wf.nodes()) {
      TypeName result = TasksGenerator.boxed(n.result());
      String key = Names.constant(n.id());
      h.addMethod(
          MethodSpec.methodBuilder(n.id())
              .addModifiers(Modifier.PUBLIC)
              .returns(ParameterizedTypeName.get(Names.TASK_RESULT, result))
              .addJavadoc("Node {@code $L}'s result, without blocking.\n", n.id())
              .addStatement("return delegate.resultFor($N)", key)
              .build());
      h.addMethod(
          MethodSpec.methodBuilder(n.id() + "Async")
              .addModifiers(Modifier.PUBLIC)
              .returns(
                  ParameterizedTypeName.get(
                      ClassName.get(CompletableFuture.class),
                      ParameterizedTypeName.get(Names.TASK_RESULT, result)))
              .addJavadoc("Asynchronous {@link #$L()}.\n", n.id())
              .addStatement("return delegate.resultForAsync($N)", key)
              .build());
      if (n.child() != null) {
        ClassName childHandle = className(n.child()).nestedClass("Handle");
        h.addMethod(
            MethodSpec.methodBuilder(n.id() + "Workflow")
                .addModifiers(Modifier.PUBLIC)
                .returns(
                    ParameterizedTypeName.get(ClassName.get(java.util.Optional.class), childHandle))
                .addJavadoc(
                    "The typed handle of node {@code $L}'s child workflow, once it started (empty"
                        + " before). Queries the database.\n",
                    n.id())
                .addStatement(
                    "return delegate.tasks().stream()"
                        + ".filter(t -> t.nodeId().equals($S) && t.subWorkflowId() != null)"
                        + ".findFirst().map(t -> $T.attach(gallop, t.subWorkflowId()))",
                    n.id(),
                    className(n.child()))
                .build());
      }
    }
    return h.build();
  }

  /** The discovery hook, listed in META-INF/services by {@link GallopIndexProcessor}. */
  private static TypeSpec module(WorkflowModel wf, ClassName iface) {
    TypeName any = com.palantir.javapoet.WildcardTypeName.subtypeOf(Object.class);
    return TasksGenerator.module(Names.GENERATED_WORKFLOW, "this workflow")
        .addMethod(
            MethodSpec.methodBuilder("definition")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(Names.WORKFLOW_DEFINITION, any, any))
                .addStatement("return DEFINITION")
                .build())
        .addMethod(
            MethodSpec.methodBuilder("declaringInterface")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(ClassName.get(Class.class), any))
                .addStatement("return $T.class", iface)
                .build())
        .addMethod(
            MethodSpec.methodBuilder("nodes")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(List.class, String.class))
                .addStatement(
                    "return $T.of($L)",
                    List.class,
                    wf.nodes().stream()
                        .map(n -> CodeBlock.of("$S", n.id()))
                        .collect(CodeBlock.joining(", ")))
                .build())
        .build();
  }

  private TypeMirror outTypeMirror(WorkflowModel wf) {
    if (!wf.isVoid()) {
      TypeMirror r = wf.method().getReturnType();
      return r.getKind().isPrimitive()
          ? types.boxedClass((javax.lang.model.type.PrimitiveType) r).asType()
          : r;
    }
    TypeElement map = elements.getTypeElement("java.util.Map");
    TypeElement result = elements.getTypeElement(Names.TASK_RESULT.canonicalName());
    return types.getDeclaredType(
        map,
        elements.getTypeElement("java.lang.String").asType(),
        types.getDeclaredType(result, types.getWildcardType(null, null)));
  }
}
