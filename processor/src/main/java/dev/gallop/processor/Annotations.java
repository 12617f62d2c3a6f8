package dev.gallop.processor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import org.jspecify.annotations.Nullable;

/**
 * Reads annotation values through {@link AnnotationMirror}s (never {@code getAnnotation(...)},
 * whose Class members throw {@code MirroredTypeException}), with defaults filled in.
 */
final class Annotations {
  private final Elements elements;

  Annotations(Elements elements) {
    this.elements = elements;
  }

  /** The mirror of annotation {@code simpleName} (in dev.gallop.annotations) on {@code e}. */
  static Optional<AnnotationMirror> find(Element e, String simpleName) {
    String wanted = Names.ANNOTATIONS + simpleName;
    for (AnnotationMirror m : e.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) m.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(wanted)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** The value of member {@code name}, explicit or default. */
  AnnotationValue value(AnnotationMirror m, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        elements.getElementValuesWithDefaults(m).entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return e.getValue();
      }
    }
    throw new IllegalArgumentException("no member " + name + " on " + m);
  }

  /** The explicitly written value of {@code name}, or null (for pointing at it in errors). */
  static @Nullable AnnotationValue explicit(AnnotationMirror m, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        m.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  String string(AnnotationMirror m, String name) {
    return (String) value(m, name).getValue();
  }

  int integer(AnnotationMirror m, String name) {
    return (Integer) value(m, name).getValue();
  }

  boolean bool(AnnotationMirror m, String name) {
    return (Boolean) value(m, name).getValue();
  }

  /** An enum member's constant name. */
  String enumName(AnnotationMirror m, String name) {
    return ((VariableElement) value(m, name).getValue()).getSimpleName().toString();
  }

  /**
   * A Class-valued member's type; null when javac could not resolve the class (it then hands the
   * processor the text {@code "<error>"} instead of a type).
   */
  @Nullable TypeMirror type(AnnotationMirror m, String name) {
    return value(m, name).getValue() instanceof TypeMirror t && t.getKind() != TypeKind.ERROR
        ? t
        : null;
  }

  /** The elements of an array member, each with its own AnnotationValue (for errors). */
  @SuppressWarnings("unchecked")
  List<AnnotationValue> list(AnnotationMirror m, String name) {
    return (List<AnnotationValue>) value(m, name).getValue();
  }

  AnnotationMirror annotation(AnnotationMirror m, String name) {
    return (AnnotationMirror) value(m, name).getValue();
  }
}
