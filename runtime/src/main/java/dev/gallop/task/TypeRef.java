package dev.gallop.task;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Captures a generic type, for result types such as {@code List<String>}: {@code new
 * TypeRef<List<String>>() {}}.
 *
 * @param <T> the captured type
 */
public abstract class TypeRef<T> {
  private final Type type;

  protected TypeRef() {
    Type sup = getClass().getGenericSuperclass();
    if (!(sup instanceof ParameterizedType p)) {
      throw new IllegalStateException("TypeRef must be created with a type argument");
    }
    this.type = p.getActualTypeArguments()[0];
  }

  public Type type() {
    return type;
  }
}
