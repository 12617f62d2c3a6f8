package dev.gallop.internal.workflow;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.error.ValidationProblem;
import dev.gallop.error.WorkflowValidationException;
import dev.gallop.internal.Secrets;
import dev.gallop.internal.engine.EngineConfig;
import dev.gallop.internal.engine.Ids;
import dev.gallop.internal.engine.InputShape;
import dev.gallop.internal.engine.Outcomes;
import dev.gallop.internal.engine.RegisteredTask;
import dev.gallop.internal.engine.RetryPolicyJson;
import dev.gallop.internal.json.Json;
import dev.gallop.workflow.JoinType;
import dev.gallop.workflow.NodeKey;
import dev.gallop.workflow.SubWorkflowNode;
import dev.gallop.workflow.SuccessCase;
import dev.gallop.workflow.SuccessPolicy;
import dev.gallop.workflow.TaskNode;
import dev.gallop.workflow.WorkflowDefinition;
import dev.gallop.workflow.WorkflowNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Validates a workflow graph before anything is written, collecting every problem in one pass
 * (errors.md §3), and compiles it to the stored form.
 */
final class SpecValidator {
  private final String name;
  private final List<WorkflowNode<?>> nodes;
  private final @Nullable WorkflowNode<?> output;
  private final @Nullable SuccessPolicy policy;
  private final EngineConfig config;
  private final Object owner;
  private final @Nullable String definitionKey;
  private final List<ValidationProblem> problems = new ArrayList<>();

  SpecValidator(
      String name,
      List<WorkflowNode<?>> nodes,
      @Nullable WorkflowNode<?> output,
      @Nullable SuccessPolicy policy,
      EngineConfig config,
      Object owner,
      @Nullable String definitionKey) {
    this.definitionKey = definitionKey;
    this.name = name;
    this.nodes = nodes;
    this.output = output;
    this.policy = policy;
    this.config = config;
    this.owner = owner;
  }

  /** Compiled nodes in index order. @throws WorkflowValidationException listing every problem */
  List<CompiledNode> validate() {
    String unstorableName = name == null ? null : Ids.unstorable(name);
    if (name == null || name.isBlank()) {
      problems.add(ValidationProblem.of(1, "workflow has no name"));
    } else if (unstorableName != null) {
      problems.add(ValidationProblem.of(1, "workflow name " + unstorableName));
    }
    if (nodes.isEmpty()) {
      throw fail(List.of(ValidationProblem.of(2, "workflow '" + name + "' has no nodes")));
    }
    String wf = name == null ? "" : name;
    // 1. node ids: reported alone, since every other check depends on them
    List<String> ids = new ArrayList<>();
    List<ValidationProblem> idProblems = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    Set<WorkflowNode<?>> objects = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < nodes.size(); i++) {
      WorkflowNode<?> n = nodes.get(i);
      String explicit = explicitId(n);
      String id = explicit != null ? explicit : NodeIds.generated(wf, i);
      ids.add(id);
      String loc = loc(i, id);
      if (!NodeIds.valid(id)) {
        idProblems.add(
            ValidationProblem.at(
                3,
                loc,
                "node id '"
                    + abbreviate(id)
                    + "' must match [A-Za-z0-9_\\-:.]+ and be at most 128 characters (length "
                    + id.length()
                    + ")"));
      }
      if (!objects.add(n)) {
        idProblems.add(
            ValidationProblem.at(4, loc, "the same node object appears twice in the node list"));
      } else if (seen.putIfAbsent(id, i) != null) {
        idProblems.add(
            ValidationProblem.at(
                4, loc, "duplicate node id '" + id + "' (also at index " + seen.get(id) + ")"));
      }
      if (explicit == null && ownerOf(n).filter(o -> o != owner).isPresent()) {
        idProblems.add(
            ValidationProblem.at(
                4,
                loc,
                "node '"
                    + n.label()
                    + "' has no explicit id and already belongs to another spec; give it a nodeId to reuse it"));
      }
    }
    if (!idProblems.isEmpty()) {
      throw fail(idProblems);
    }
    Map<WorkflowNode<?>, Integer> index = new IdentityHashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      index.put(nodes.get(i), i);
    }
    // 2. graph
    int n = nodes.size();
    List<int[]> deps = new ArrayList<>();
    List<List<Integer>> dependents = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      dependents.add(new ArrayList<>());
    }
    boolean anyRoot = false;
    Map<String, Integer> byId = new HashMap<>();
    for (int i = 0; i < n; i++) {
      byId.put(ids.get(i), i);
    }
    for (int i = 0; i < n; i++) {
      WorkflowNode<?> node = nodes.get(i);
      List<Integer> d = new ArrayList<>();
      for (WorkflowNode<?> up : node.waitsFor()) {
        Integer j = index.get(up);
        if (j == null) {
          problems.add(
              ValidationProblem.at(
                  6, loc(i, ids.get(i)), "dependency " + describe(up) + " is not in the workflow"));
        } else if (!d.contains(j)) {
          d.add(j);
          dependents.get(j).add(i);
        }
      }
      for (NodeKey<?> key : node.waitsForKeys()) {
        Integer j = byId.get(key.id());
        if (j == null) {
          problems.add(
              ValidationProblem.at(
                  6, loc(i, ids.get(i)), "dependency '" + key.id() + "' is not in the workflow"));
        } else if (!d.contains(j)) {
          d.add(j);
          dependents.get(j).add(i);
        }
      }
      deps.add(d.stream().mapToInt(Integer::intValue).toArray());
      anyRoot |= d.isEmpty() && node.waitsFor().isEmpty() && node.waitsForKeys().isEmpty();
    }
    if (!anyRoot) {
      problems.add(
          ValidationProblem.of(
              5, "workflow '" + wf + "' has no root node (every node waits for another)"));
    }
    List<Integer> cycle = findCycle(n, deps);
    if (!cycle.isEmpty()) {
      problems.add(
          ValidationProblem.of(
              7, "cycle in the graph through nodes " + cycle.stream().map(ids::get).toList()));
    }
    // 3. per node
    List<CompiledNode> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(compileNode(i, ids, index, deps.get(i), dependents.get(i)));
    }
    // 4. output and policy
    if (output != null && !index.containsKey(output)) {
      problems.add(
          ValidationProblem.of(11, "output node " + describe(output) + " is not in the workflow"));
    }
    if (policy != null) {
      if (policy.cases().isEmpty()) {
        problems.add(ValidationProblem.of(12, "success policy has no cases"));
      }
      for (int k = 0; k < policy.cases().size(); k++) {
        SuccessCase sc = policy.cases().get(k);
        if (sc.required().isEmpty()) {
          problems.add(
              ValidationProblem.of(12, "success case " + k + " has an empty required list"));
        }
        for (WorkflowNode<?> r : sc.required()) {
          if (!index.containsKey(r)) {
            problems.add(
                ValidationProblem.of(
                    12,
                    "success case "
                        + k
                        + " requires "
                        + describe(r)
                        + ", which is not in the workflow"));
          }
        }
      }
      for (WorkflowNode<?> o : policy.optional()) {
        if (!index.containsKey(o)) {
          problems.add(
              ValidationProblem.of(
                  12,
                  "success policy lists optional "
                      + describe(o)
                      + ", which is not in the workflow"));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw fail(problems);
    }
    return out;
  }

  private CompiledNode compileNode(
      int i,
      List<String> ids,
      Map<WorkflowNode<?>, Integer> index,
      int[] deps,
      List<Integer> dependents) {
    WorkflowNode<?> node = nodes.get(i);
    String loc = loc(i, ids.get(i));
    InputShape declared;
    String what;
    SubWorkflowNode<?> sub = node instanceof SubWorkflowNode<?> sn ? sn : null;
    RegisteredTask<?, ?> task =
        node instanceof TaskNode<?> tn ? (RegisteredTask<?, ?>) tn.task() : null;
    if (task != null) {
      declared = task.shape();
      what = "task '" + task.name() + "'";
    } else {
      declared = definitionShape(sub, loc);
      what = "definition '" + sub.definition().definitionKey() + "'";
      if (declared == null && (!node.staticInputs().isEmpty() || !node.argsFrom().isEmpty())) {
        problems.add(
            ValidationProblem.at(
                22,
                loc,
                "parameters " + union(node) + " passed to " + what + ", which declares none"));
      }
      checkContainment(sub, loc);
    }
    InputShape shape = declared == null ? InputShape.empty() : declared;
    Set<Integer> depSet = new HashSet<>();
    for (int d : deps) {
      depSet.add(d);
    }
    // argsFrom
    Map<String, Integer> args = new LinkedHashMap<>();
    node.argsFrom()
        .forEach((input, producer) -> {
          Integer j = index.get(producer);
          if (j == null || !depSet.contains(j)) {
            problems.add(
                ValidationProblem.at(
                    8,
                    loc + " input '" + input + "'",
                    "argsFrom source " + describe(producer) + " is not in waitsFor"));
          } else {
            args.put(input, j);
          }
          InputShape.Input in = shape.input(input);
          if (in == null) {
            problems.add(
                ValidationProblem.at(
                    19,
                    loc + " input '" + input + "'",
                    "argsFrom name '"
                        + input
                        + "' is not an input of "
                        + what
                        + "; inputs: "
                        + shape.inputs().keySet()));
          } else if (in.kind() != InputShape.Kind.TASK_RESULT) {
            problems.add(
                ValidationProblem.at(
                    24,
                    loc + " input '" + input + "'",
                    "input '"
                        + input
                        + "' receives an upstream result and must be declared TaskResult<X>, was "
                        + in.type().getTypeName()));
          } else if (!assignable(in.resultParam(), producer.resultType())) {
            problems.add(
                ValidationProblem.at(
                    24,
                    loc + " input '" + input + "'",
                    "producer "
                        + describe(producer)
                        + " returns "
                        + producer.resultType().getTypeName()
                        + ", not assignable to "
                        + in.type().getTypeName()));
          }
          if (node.staticInputs().containsKey(input)) {
            problems.add(
                ValidationProblem.at(
                    21,
                    loc + " input '" + input + "'",
                    "input '" + input + "' is given both a static value and argsFrom"));
          }
        });
    // workflowCtxFrom
    List<Integer> ctx = new ArrayList<>();
    for (WorkflowNode<?> c : node.workflowCtxFrom()) {
      Integer j = index.get(c);
      if (j == null || !depSet.contains(j)) {
        problems.add(
            ValidationProblem.at(
                9, loc, "workflowCtxFrom node " + describe(c) + " is not in waitsFor"));
      } else if (!ctx.contains(j)) {
        ctx.add(j);
      }
    }
    if (!node.workflowCtxFrom().isEmpty() && shape.first(InputShape.Kind.CONTEXT).isEmpty()) {
      problems.add(
          ValidationProblem.at(
              10, loc, "workflowCtxFrom is set but " + what + " has no WorkflowContext input"));
    }
    // static inputs
    ObjectNode statics = JsonNodeFactory.instance.objectNode();
    node.staticInputs()
        .forEach((input, value) -> {
          String where = loc + " input '" + input + "'";
          InputShape.Input in = shape.input(input);
          if (in == null) {
            if (!shape.inputs().isEmpty()) {
              problems.add(
                  ValidationProblem.at(
                      19,
                      where,
                      "static input '"
                          + input
                          + "' is not an input of "
                          + what
                          + "; inputs: "
                          + shape.inputs().keySet()));
            }
            return;
          }
          if (node.argsFrom().containsKey(input)) {
            return; // reported as GALLOP-021 above
          }
          if (!staticAssignable(in, value)) {
            problems.add(
                ValidationProblem.at(
                    24,
                    where,
                    "static value of type "
                        + (value == null ? "null" : value.getClass().getName())
                        + " is not assignable to "
                        + in.type().getTypeName()));
            return;
          }
          Object v = value instanceof Optional<?> o ? o.orElse(null) : value;
          try {
            String text = Json.write(v);
            String problem = Ids.payloadProblem("static value", text, config.payloadLimitBytes());
            if (problem != null) {
              problems.add(
                  ValidationProblem.at(Ids.unstorable(text) == null ? 32 : 31, where, problem));
              return;
            }
            statics.set(input, Json.parse(text));
          } catch (Exception e) {
            problems.add(
                ValidationProblem.at(
                    31, where, "static value is not serializable: " + e.getMessage()));
          }
        });
    for (InputShape.Input in : shape.inputs().values()) {
      if (!in.mayBeUnbound()
          && !node.staticInputs().containsKey(in.name())
          && !node.argsFrom().containsKey(in.name())) {
        problems.add(
            ValidationProblem.at(
                20,
                loc + " input '" + in.name() + "'",
                "required input '"
                    + in.name()
                    + "' of "
                    + what
                    + " is not supplied (declare it Optional or @Nullable to allow that)"));
      }
    }
    // join
    int d = deps.length;
    if (node.join() == JoinType.QUORUM) {
      if (node.minSuccess().isEmpty()) {
        problems.add(ValidationProblem.at(13, loc, "QUORUM join needs minSuccess"));
      } else if (node.minSuccess().getAsInt() < 1 || node.minSuccess().getAsInt() > d) {
        problems.add(
            ValidationProblem.at(
                13,
                loc,
                "minSuccess must be 1.."
                    + d
                    + " (its dependencies), was "
                    + node.minSuccess().getAsInt()));
      }
    } else if (node.minSuccess().isPresent()) {
      problems.add(
          ValidationProblem.at(
              13, loc, "minSuccess is only allowed with QUORUM, not " + node.join()));
    }
    if (node.allowFailedDeps() && node.join() != JoinType.ALL) {
      problems.add(
          ValidationProblem.at(
              13, loc, "allowFailedDeps is only allowed with ALL, not " + node.join()));
    }
    if (task == null) {
      return new CompiledNode(
          i,
          ids.get(i),
          "SUBWORKFLOW",
          sub.definition().name(),
          statics.toString(),
          args,
          ctx.stream().mapToInt(Integer::intValue).toArray(),
          null,
          null,
          null,
          null,
          deps,
          dependents.stream().mapToInt(Integer::intValue).toArray(),
          dependents.isEmpty(),
          node.join().name(),
          node.minSuccess().isPresent() ? node.minSuccess().getAsInt() : null,
          node.allowFailedDeps(),
          sub.definition().definitionKey());
    }
    TaskNode<?> tnode = (TaskNode<?>) node;
    // queue and priority
    String queue = task.queue();
    Integer priority = task.priority();
    if (tnode.queue() != null) {
      if (!config.customMode()) {
        problems.add(
            ValidationProblem.at(
                14, loc, "queue '" + tnode.queue() + "' named in DEFAULT queue mode"));
      } else if (!config.queues().containsKey(tnode.queue())) {
        problems.add(
            ValidationProblem.at(
                14,
                loc,
                "unknown queue '" + tnode.queue() + "'; configured: " + config.queues().keySet()));
      } else {
        queue = tnode.queue();
        priority = config.queues().get(queue).priority();
      }
    }
    if (tnode.priority() != null) {
      if (tnode.priority() < 1 || tnode.priority() > 100) {
        problems.add(
            ValidationProblem.at(15, loc, "priority must be 1..100, was " + tnode.priority()));
      } else {
        priority = tnode.priority();
      }
    }
    return new CompiledNode(
        i,
        ids.get(i),
        "TASK",
        task.name(),
        statics.toString(),
        args,
        ctx.stream().mapToInt(Integer::intValue).toArray(),
        queue,
        priority,
        tnode.goodUntil(),
        RetryPolicyJson.write(task.retryPolicy()),
        deps,
        dependents.stream().mapToInt(Integer::intValue).toArray(),
        dependents.isEmpty(),
        node.join().name(),
        node.minSuccess().isPresent() ? node.minSuccess().getAsInt() : null,
        node.allowFailedDeps(),
        null);
  }

  private @Nullable InputShape definitionShape(SubWorkflowNode<?> sub, String loc) {
    WorkflowDefinition<?, ?> def = sub.definition();
    if (def.definitionKey() == null || def.definitionKey().isBlank()) {
      problems.add(
          ValidationProblem.at(
              16, loc, "workflow definition '" + def.name() + "' has no definitionKey"));
    }
    if (def.parameterType() == null) {
      return null;
    }
    try {
      return InputShape.of(def.parameterType());
    } catch (IllegalArgumentException e) {
      problems.add(ValidationProblem.at(23, loc, e.getMessage()));
      return null;
    }
  }

  /**
   * GALLOP-007 when a definition reachable from this node contains itself or this spec's
   * definition.
   */
  private void checkContainment(SubWorkflowNode<?> sub, String loc) {
    List<String> path = new ArrayList<>();
    if (definitionKey != null) {
      path.add(definitionKey);
    }
    List<String> cycle = containmentCycle(sub.definition(), path, new HashSet<>());
    if (cycle != null) {
      problems.add(
          ValidationProblem.at(
              7,
              loc,
              "containment cycle between workflow definitions: " + String.join(" -> ", cycle)));
    }
  }

  private static @Nullable List<String> containmentCycle(
      WorkflowDefinition<?, ?> def, List<String> path, Set<String> done) {
    if (path.contains(def.definitionKey())) {
      List<String> cycle =
          new ArrayList<>(path.subList(path.indexOf(def.definitionKey()), path.size()));
      cycle.add(def.definitionKey());
      return cycle;
    }
    if (!done.add(def.definitionKey())) {
      return null;
    }
    path.add(def.definitionKey());
    for (WorkflowDefinition<?, ?> child : def.children()) {
      List<String> c = containmentCycle(child, path, done);
      if (c != null) {
        return c;
      }
    }
    path.remove(path.size() - 1);
    return null;
  }

  private static List<String> union(WorkflowNode<?> n) {
    List<String> names = new ArrayList<>(n.staticInputs().keySet());
    names.addAll(n.argsFrom().keySet());
    return names;
  }

  private static @Nullable String explicitId(WorkflowNode<?> n) {
    return switch (n) {
      case TaskNode<?> t -> t.explicitId();
      case SubWorkflowNode<?> s -> s.explicitId();
    };
  }

  /** The nodes of one cycle (empty if acyclic), by depth-first search. */
  static List<Integer> findCycle(int n, List<int[]> deps) {
    int[] state = new int[n]; // 0 new, 1 on stack, 2 done
    int[] parent = new int[n];
    for (int start = 0; start < n; start++) {
      if (state[start] != 0) {
        continue;
      }
      Deque<int[]> stack = new ArrayDeque<>();
      stack.push(new int[] {start, 0});
      state[start] = 1;
      while (!stack.isEmpty()) {
        int[] top = stack.peek();
        int v = top[0];
        if (top[1] < deps.get(v).length) {
          int w = deps.get(v)[top[1]++];
          if (state[w] == 1) {
            List<Integer> cycle = new ArrayList<>();
            cycle.add(w);
            for (int x = v; x != w; x = parent[x]) {
              cycle.add(x);
            }
            return cycle;
          }
          if (state[w] == 0) {
            state[w] = 1;
            parent[w] = v;
            stack.push(new int[] {w, 0});
          }
        } else {
          state[v] = 2;
          stack.pop();
        }
      }
    }
    return List.of();
  }

  static boolean assignable(@Nullable Type target, Type produced) {
    if (target == null
        || target == Object.class
        || target instanceof WildcardType
        || target instanceof TypeVariable<?>) {
      return true;
    }
    Class<?> t = Outcomes.box(Outcomes.rawClass(target));
    Class<?> p = Outcomes.box(Outcomes.rawClass(produced));
    if (!t.isAssignableFrom(p)) {
      return false;
    }
    if (target instanceof ParameterizedType tp
        && produced instanceof ParameterizedType pp
        && t == p) {
      Type[] ta = tp.getActualTypeArguments();
      Type[] pa = pp.getActualTypeArguments();
      for (int k = 0; k < Math.min(ta.length, pa.length); k++) {
        if (!assignable(ta[k], pa[k])) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean staticAssignable(InputShape.Input in, @Nullable Object value) {
    if (in.kind() != InputShape.Kind.VALUE) {
      return false;
    }
    if (value == null) {
      return !in.primitive();
    }
    Type type = in.type();
    if (in.optional()) {
      if (value instanceof Optional<?> o) {
        if (o.isEmpty()) {
          return true;
        }
        value = o.get();
      }
      type = type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
    }
    Class<?> raw = Outcomes.box(Outcomes.rawClass(type));
    if (raw.isInstance(value)) {
      return true;
    }
    // JSON numbers convert between numeric types (5 for a long input)
    return value instanceof Number && Number.class.isAssignableFrom(raw);
  }

  private static Optional<Object> ownerOf(WorkflowNode<?> n) {
    return Optional.ofNullable(Secrets.nodeBinder().owner(n));
  }

  private String loc(int i, String id) {
    return "workflow '" + name + "' node " + i + " (" + abbreviate(id) + ")";
  }

  private static String describe(WorkflowNode<?> n) {
    return n.nodeId().map(id -> "'" + id + "'").orElse("of task '" + n.label() + "'");
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  private WorkflowValidationException fail(List<ValidationProblem> p) {
    return new WorkflowValidationException("workflow '" + name + "'", p);
  }
}
