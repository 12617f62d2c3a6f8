package dev.gallop.internal.engine;

import dev.gallop.task.TaskResult;
import dev.gallop.workflow.WorkflowContext;
import dev.gallop.workflow.WorkflowMeta;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The named, typed inputs of a task, read from its input record's components: values, upstream
 * results ({@code TaskResult<X>}), and the worker-filled {@link WorkflowContext} and {@link
 * WorkflowMeta}.
 */
public final class InputShape {
  /** What fills an input. */
  public enum Kind {
    VALUE,
    TASK_RESULT,
    CONTEXT,
    META
  }

  /**
   * One input.
   *
   * @param name component name
   * @param type generic component type
   * @param kind what fills it
   * @param resultParam the X of {@code TaskResult<X>}, or null
   * @param optional declared {@code Optional<...>}
   * @param nullable annotated {@code @Nullable}
   * @param primitive a primitive type (never absent)
   */
  public record Input(
      String name,
      Type type,
      Kind kind,
      @Nullable Type resultParam,
      boolean optional,
      boolean nullable,
      boolean primitive) {
    /** May be left unbound: Optional, nullable, or filled by the worker. */
    public boolean mayBeUnbound() {
      return optional || nullable || kind == Kind.CONTEXT || kind == Kind.META;
    }
  }

  private final Class<?> recordType;
  private final Map<String, Input> inputs;
  private final @Nullable Constructor<?> constructor;
  private final java.lang.reflect.Method[] accessors;

  private InputShape(
      Class<?> recordType,
      Map<String, Input> inputs,
      @Nullable Constructor<?> constructor,
      java.lang.reflect.Method[] accessors) {
    this.recordType = recordType;
    this.inputs = inputs;
    this.constructor = constructor;
    this.accessors = accessors;
  }

  /** The shape of a node that takes no inputs. */
  public static InputShape empty() {
    return new InputShape(Void.class, Map.of(), null, new java.lang.reflect.Method[0]);
  }

  /** Reads a record type's components. @throws IllegalArgumentException if it is not a record */
  public static InputShape of(Class<?> type) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(
          "task input type must be a record (its components are the named inputs), was "
              + type.getName());
    }
    Map<String, Input> inputs = new LinkedHashMap<>();
    RecordComponent[] comps = type.getRecordComponents();
    Class<?>[] raw = new Class<?>[comps.length];
    for (int i = 0; i < comps.length; i++) {
      RecordComponent c = comps[i];
      raw[i] = c.getType();
      Type g = c.getGenericType();
      Kind kind = Kind.VALUE;
      Type param = null;
      if (c.getType() == WorkflowContext.class) {
        kind = Kind.CONTEXT;
      } else if (c.getType() == WorkflowMeta.class) {
        kind = Kind.META;
      } else if (c.getType() == TaskResult.class) {
        kind = Kind.TASK_RESULT;
        param = g instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
      }
      inputs.put(
          c.getName(),
          new Input(
              c.getName(),
              g,
              kind,
              param,
              c.getType() == Optional.class,
              isNullable(c),
              c.getType().isPrimitive()));
    }
    try {
      Constructor<?> ctor = type.getDeclaredConstructor(raw);
      ctor.setAccessible(true);
      java.lang.reflect.Method[] accessors = new java.lang.reflect.Method[comps.length];
      for (int i = 0; i < comps.length; i++) {
        accessors[i] = comps[i].getAccessor();
        accessors[i].setAccessible(true);
      }
      return new InputShape(type, inputs, ctor, accessors);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot use the canonical constructor of " + type.getName() + ": " + e, e);
    }
  }

  private static boolean isNullable(RecordComponent c) {
    List<Annotation> all = new ArrayList<>(List.of(c.getAnnotations()));
    AnnotatedType at = c.getAnnotatedType();
    all.addAll(List.of(at.getAnnotations()));
    return all.stream().anyMatch(a -> a.annotationType().getSimpleName().equals("Nullable"));
  }

  public Class<?> recordType() {
    return recordType;
  }

  public Map<String, Input> inputs() {
    return inputs;
  }

  public @Nullable Input input(String name) {
    return inputs.get(name);
  }

  /** The first input of a kind, if any. */
  public Optional<Input> first(Kind kind) {
    return inputs.values().stream().filter(i -> i.kind() == kind).findFirst();
  }

  /** Component values of a record of this type, in component order. */
  public Object[] values(Object record) throws ReflectiveOperationException {
    Object[] out = new Object[accessors.length];
    for (int i = 0; i < accessors.length; i++) {
      out[i] = accessors[i].invoke(record);
    }
    return out;
  }

  /** Builds the record from values in component order. */
  public @Nullable Object construct(Object[] args) throws ReflectiveOperationException {
    return constructor == null ? null : constructor.newInstance(args);
  }
}
