package dev.gallop.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;
import org.jspecify.annotations.Nullable;

/**
 * Reports diagnostics on the exact element, annotation and annotation value (the five-argument
 * {@link Messager#printMessage}), so that IDEs underline the right token, and counts errors so that
 * nothing is generated from a model with errors.
 */
final class Reporter {
  private final Messager messager;
  private int errors;

  Reporter(Messager messager) {
    this.messager = messager;
  }

  /** An error on {@code element}. */
  void error(Element element, Diagnostic d, Object... args) {
    at(element, null, null, d, args);
  }

  /** An error on an annotation of {@code element}, and on one of its values if given. */
  void at(
      Element element,
      @Nullable AnnotationMirror annotation,
      @Nullable AnnotationValue value,
      Diagnostic d,
      Object... args) {
    errors++;
    messager.printMessage(Kind.ERROR, d.format(args), element, annotation, value);
  }

  /** A note (verbose mode). */
  void note(Element element, String text) {
    messager.printMessage(Kind.NOTE, Diagnostic.VERBOSE.format(text), element);
  }

  /** Errors reported so far; compare before and after a step to know whether it found any. */
  int errorCount() {
    return errors;
  }
}
