package dev.gallop.workflow;

import java.lang.reflect.Type;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable reference to a node by id, for example to read results of nodes that were built
 * elsewhere: {@code handle.resultFor(NodeKey.of("save_3"))}. A key obtained from {@link
 * WorkflowNode#key()} also carries the node's result type.
 *
 * @param <T> the node's result type
 */
public final class NodeKey<T> {
  private final String id;
  private final @Nullable Type type;

  private NodeKey(String id, @Nullable Type type) {
    this.id = Objects.requireNonNull(id, "id");
    this.type = type;
  }

  /** A key for the node with this id; results come in generic JSON form unless converted. */
  public static <T> NodeKey<T> of(String id) {
    return new NodeKey<>(id, null);
  }

  /** A key with a known result type. */
  public static <T> NodeKey<T> of(String id, Type resultType) {
    return new NodeKey<>(id, resultType);
  }

  public String id() {
    return id;
  }

  /** The result type, if known. */
  public @Nullable Type type() {
    return type;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeKey<?> k && k.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "NodeKey[" + id + "]";
  }
}
