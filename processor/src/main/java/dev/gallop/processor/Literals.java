package dev.gallop.processor;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/** {@code @Value} literals: which types they may have, whether they parse, and their Java code. */
final class Literals {
  private static final Set<String> BOXES =
      Set.of(
          "java.lang.Boolean",
          "java.lang.Byte",
          "java.lang.Short",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Float",
          "java.lang.Double");

  private Literals() {}

  /** Checks the literal against the parameter's type, reporting 031 or 024. */
  static boolean check(
      VariableElement p, AnnotationMirror a, String literal, Types types, Reporter reporter) {
    TypeMirror t = p.asType();
    String kind = kind(t, types);
    if (kind == null) {
      reporter.at(p, a, null, Diagnostic.VALUE_NOT_EXPRESSIBLE, t);
      return false;
    }
    try {
      switch (kind) {
        case "boolean" -> {
          if (!literal.equals("true") && !literal.equals("false")) {
            throw new IllegalArgumentException();
          }
        }
        case "byte" -> Byte.parseByte(literal);
        case "short" -> Short.parseShort(literal);
        case "int" -> Integer.parseInt(literal);
        case "long" -> Long.parseLong(literal);
        case "float" -> Float.parseFloat(literal);
        case "double" -> Double.parseDouble(literal);
        case "enum" -> {
          Element e = types.asElement(t);
          boolean known =
              e.getEnclosedElements().stream()
                  .anyMatch(c ->
                      c.getKind() == ElementKind.ENUM_CONSTANT
                          && c.getSimpleName().contentEquals(literal));
          if (!known) {
            throw new IllegalArgumentException();
          }
        }
        default -> {
          // String: anything
        }
      }
      return true;
    } catch (IllegalArgumentException e) {
      reporter.at(
          p,
          a,
          Annotations.explicit(a, "value"),
          Diagnostic.TYPE_MISMATCH,
          "@Value \"" + literal + "\" is not a " + t + (kind.equals("enum") ? " constant" : ""));
      return false;
    }
  }

  /** The literal as Java code of the parameter's type. */
  static CodeBlock code(TypeMirror t, String literal, Types types) {
    String kind = kind(t, types);
    return switch (kind) {
      case "string" -> CodeBlock.of("$S", literal);
      case "boolean", "int", "double" -> CodeBlock.of("$L", literal(kind, literal));
      case "long" -> CodeBlock.of("$LL", Long.parseLong(literal));
      case "float" -> CodeBlock.of("$Lf", Float.parseFloat(literal));
      case "byte", "short" -> CodeBlock.of("($L) $L", kind, literal);
      case "enum" -> CodeBlock.of("$T.$L", TypeName.get(types.erasure(t)), literal);
      default -> throw new IllegalStateException("unchecked literal kind " + kind);
    };
  }

  private static String literal(String kind, String literal) {
    return switch (kind) {
      case "int" -> Integer.toString(Integer.parseInt(literal));
      case "double" -> Double.toString(Double.parseDouble(literal));
      default -> literal;
    };
  }

  /** string, boolean, byte, ..., enum; or null for a type a literal cannot express. */
  private static String kind(TypeMirror t, Types types) {
    if (t.getKind().isPrimitive()) {
      return t.getKind() == TypeKind.CHAR ? null : t.getKind().name().toLowerCase(Locale.ROOT);
    }
    if (!(t instanceof DeclaredType d)) {
      return null;
    }
    String n = Types2.qualifiedName(d);
    if (n.equals("java.lang.String")) {
      return "string";
    }
    if (BOXES.contains(n)) {
      return types.unboxedType(t).getKind().name().toLowerCase(Locale.ROOT);
    }
    return d.asElement().getKind() == ElementKind.ENUM ? "enum" : null;
  }
}
