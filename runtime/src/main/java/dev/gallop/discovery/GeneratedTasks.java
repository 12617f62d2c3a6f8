package dev.gallop.discovery;

import dev.gallop.Gallop;
import dev.gallop.task.TaskDescriptor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The tasks of one class with {@code @Task} methods, as the annotation processor generates them
 * ({@code OrdersTasks.Module}); found through {@code META-INF/services}. Implementations are
 * generated, stateless and thread-safe.
 */
public interface GeneratedTasks {
  /** The class declaring the {@code @Task} methods. */
  Class<?> serviceType();

  /** Whether {@link #register} needs an instance of {@link #serviceType()} (false: all static). */
  boolean needsInstance();

  /** The task descriptors, in declaration order. */
  List<TaskDescriptor<?, ?>> tasks();

  /**
   * Registers every task on {@code gallop}, calling the methods of {@code service}.
   *
   * @param service an instance of {@link #serviceType()}, or null when {@link #needsInstance()} is
   *     false
   */
  void register(Gallop gallop, @Nullable Object service);
}
