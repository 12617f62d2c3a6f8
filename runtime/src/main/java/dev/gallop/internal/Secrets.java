package dev.gallop.internal;

import dev.gallop.workflow.TaskNode;
import dev.gallop.workflow.WorkflowNode;
import java.lang.invoke.MethodHandles;

/**
 * Lets the engine write a node's generated id and index without making that a public method (the
 * "shared secrets" pattern of the JDK). Not for application code.
 */
public final class Secrets {
  /** Engine access to node state that is not public API. */
  public interface NodeBinder {
    /**
     * Writes the generated id and index onto a node; false if it already belongs to another spec.
     */
    boolean bind(WorkflowNode<?> node, Object owner, String id, int index);

    /** The spec that owns a node without explicit id, or null. */
    Object owner(WorkflowNode<?> node);
  }

  private static volatile NodeBinder nodeBinder;

  private Secrets() {}

  public static void setNodeBinder(NodeBinder binder) {
    nodeBinder = binder;
  }

  public static NodeBinder nodeBinder() {
    if (nodeBinder == null) {
      try {
        MethodHandles.lookup().ensureInitialized(TaskNode.class);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    return nodeBinder;
  }
}
