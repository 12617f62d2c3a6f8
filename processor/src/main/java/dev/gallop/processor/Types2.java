package dev.gallop.processor;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/** Small type questions the readers share. */
final class Types2 {
  private Types2() {}

  /** The qualified name of a declared type's element, else its text. */
  static String qualifiedName(TypeMirror t) {
    return t instanceof DeclaredType d
        ? ((TypeElement) d.asElement()).getQualifiedName().toString()
        : t.toString();
  }

  /**
   * {@code Optional<...>}, or annotated {@code @Nullable} (any such annotation, on the element or
   * its type).
   */
  static boolean optional(Element e, Types types) {
    return qualifiedName(types.erasure(e.asType())).equals("java.util.Optional") || nullable(e);
  }

  /** Annotated with an annotation whose simple name is {@code Nullable}. */
  static boolean nullable(Element e) {
    return nullableAnnotation(e) != null;
  }

  /** The qualified name of its {@code Nullable} annotation (declaration or type use), or null. */
  static String nullableAnnotation(Element e) {
    List<AnnotationMirror> all = new ArrayList<>(e.getAnnotationMirrors());
    all.addAll(e.asType().getAnnotationMirrors());
    for (AnnotationMirror m : all) {
      TypeElement type = (TypeElement) m.getAnnotationType().asElement();
      if (type.getSimpleName().contentEquals("Nullable")) {
        return type.getQualifiedName().toString();
      }
    }
    return null;
  }
}
