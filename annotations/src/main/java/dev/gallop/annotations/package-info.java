/**
 * The annotations of Gallop's DSL: {@link dev.gallop.annotations.Task @Task} on service methods,
 * {@link dev.gallop.annotations.Workflow @Workflow} on the signature method of a workflow interface
 * whose other methods are {@link dev.gallop.annotations.Node @Node} or {@link
 * dev.gallop.annotations.SubWorkflow @SubWorkflow} nodes, and {@link
 * dev.gallop.annotations.From @From}, {@link dev.gallop.annotations.Param @Param} and {@link
 * dev.gallop.annotations.Value @Value} on node parameters.
 *
 * <p>All are {@code RetentionPolicy.CLASS}: the {@code gallop-processor} annotation processor reads
 * them while {@code javac} runs, checks the workflow graph and generates typed code that calls the
 * runtime's public API. Nothing reads them at run time. This module has no dependencies.
 */
package dev.gallop.annotations;
