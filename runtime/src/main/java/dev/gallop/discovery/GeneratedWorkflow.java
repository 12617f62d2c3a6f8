package dev.gallop.discovery;

import dev.gallop.workflow.WorkflowDefinition;
import java.util.List;

/**
 * One annotated workflow, as the annotation processor generates it ({@code
 * CheckoutWorkflow.Module}); found through {@code META-INF/services}. Generated, stateless and
 * thread-safe.
 */
public interface GeneratedWorkflow {
  /** The workflow's definition (it declares its children). */
  WorkflowDefinition<?, ?> definition();

  /** The interface that declares it. */
  Class<?> declaringInterface();

  /** Its node ids, in declaration order. */
  List<String> nodes();
}
