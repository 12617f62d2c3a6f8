package dev.gallop.internal.workflow;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One node of a validated spec, in the form that is stored: indices instead of objects, static
 * inputs already serialized.
 */
record CompiledNode(
    int index,
    String nodeId,
    String kind,
    String taskName,
    String staticInputs,
    Map<String, Integer> argsFrom,
    int[] ctxFrom,
    @Nullable String queue,
    @Nullable Integer priority,
    @Nullable Instant goodUntil,
    @Nullable String retryPolicy,
    int[] dependencies,
    int[] dependents,
    boolean sink,
    String joinType,
    @Nullable Integer minSuccess,
    boolean allowFailedDeps,
    @Nullable String definitionKey) {}
