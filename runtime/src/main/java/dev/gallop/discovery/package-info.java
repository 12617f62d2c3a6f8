/**
 * Discovery of annotated tasks and workflows in a class path: the annotation processor generates a
 * {@link dev.gallop.discovery.GeneratedTasks} per class with {@code @Task} methods and a {@link
 * dev.gallop.discovery.GeneratedWorkflow} per workflow interface, and indexes them in {@code
 * META-INF/services}; {@link dev.gallop.discovery.Discovery} finds them, registers them on an
 * engine (creating service instances), and checks what the compiler could not see.
 */
@NullMarked
package dev.gallop.discovery;

import org.jspecify.annotations.NullMarked;
