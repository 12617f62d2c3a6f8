package dev.gallop.processor;

import dev.gallop.processor.WorkflowModel.Binding;
import dev.gallop.processor.WorkflowModel.NodeModel;
import dev.gallop.processor.WorkflowModel.Ref;
import dev.gallop.processor.WorkflowModel.Source;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;
import org.jspecify.annotations.Nullable;

/**
 * Graph-wide checks of a {@link WorkflowModel}: unknown node names (with "did you mean"), data edge
 * types, output, success policy, cycles (as paths) and roots. Returns the nodes in a topological
 * order, which the generator needs, or null after reporting every problem.
 */
final class GraphValidator {
  private final Types types;
  private final Reporter reporter;

  GraphValidator(Types types, Reporter reporter) {
    this.types = types;
    this.reporter = reporter;
  }

  @Nullable List<NodeModel> validate(WorkflowModel wf) {
    int before = reporter.errorCount();
    if (wf.declaredIds().isEmpty()) {
      reporter.error(wf.method(), Diagnostic.NO_NODES, wf.name(), wf.type().getSimpleName());
      return null;
    }
    List<String> ids = wf.declaredIds();
    boolean refsOk = true;
    for (NodeModel n : wf.nodes()) {
      for (Binding b : n.bindings()) {
        if (b.source() == Source.FROM) {
          NodeModel up = wf.node(b.ref());
          if (up == null && ids.contains(b.ref())) {
            continue; // a node with errors of its own
          }
          if (up == null) {
            refsOk = false;
            reporter.at(
                b.parameter(),
                Annotations.find(b.parameter(), "From").orElseThrow(),
                null,
                Diagnostic.UNKNOWN_NODE,
                "@From",
                b.ref(),
                Names.didYouMean(b.ref(), ids));
          } else {
            checkEdgeType(b, up);
          }
        }
      }
      refsOk &= known(n, n.waitsFor(), "waitsFor", ids);
      refsOk &= known(n, n.ctxFrom(), "ctxFrom", ids);
    }
    checkOutput(wf, ids);
    checkSuccess(wf, ids);
    if (!refsOk || !wf.valid()) {
      return null; // cycles and roots are judged on a complete graph only
    }
    List<NodeModel> order = order(wf);
    return reporter.errorCount() == before ? order : null;
  }

  private boolean known(NodeModel n, List<Ref> refs, String member, List<String> ids) {
    boolean ok = true;
    for (Ref r : refs) {
      if (!ids.contains(r.id())) {
        ok = false;
        reporter.at(
            n.method(),
            n.annotation(),
            r.where(),
            Diagnostic.UNKNOWN_NODE,
            member,
            r.id(),
            Names.didYouMean(r.id(), ids));
      } else if (r.id().equals(n.id())) {
        ok = false;
        reporter.at(
            n.method(), n.annotation(), r.where(), Diagnostic.CYCLE, n.id() + " -> " + n.id());
      }
    }
    return ok;
  }

  private void checkEdgeType(Binding b, NodeModel up) {
    TypeMirror x = WorkflowReader.taskResultArgument(b.parameter().asType());
    if (x == null || x.getKind() == TypeKind.WILDCARD) {
      return;
    }
    if (!types.isAssignable(up.result(), x)) {
      reporter.at(
          b.parameter(),
          Annotations.find(b.parameter(), "From").orElseThrow(),
          null,
          Diagnostic.TYPE_MISMATCH,
          "'"
              + up.id()
              + "' produces "
              + up.result()
              + ", which parameter '"
              + b.parameter().getSimpleName()
              + "' (TaskResult<"
              + x
              + ">) cannot take");
    }
  }

  private void checkOutput(WorkflowModel wf, List<String> ids) {
    TypeMirror declared = wf.method().getReturnType();
    var where = Annotations.explicit(wf.annotation(), "output");
    if (wf.output() == null) {
      if (declared.getKind() != TypeKind.VOID) {
        reporter.at(wf.method(), wf.annotation(), null, Diagnostic.MISSING_OUTPUT, declared);
      }
      return;
    }
    NodeModel out = wf.node(wf.output());
    if (out == null && ids.contains(wf.output())) {
      return; // a node with errors of its own
    }
    if (out == null) {
      reporter.at(
          wf.method(),
          wf.annotation(),
          where,
          Diagnostic.UNKNOWN_OUTPUT,
          wf.output(),
          Names.didYouMean(wf.output(), ids));
    } else if (declared.getKind() == TypeKind.VOID) {
      reporter.at(
          wf.method(),
          wf.annotation(),
          where,
          Diagnostic.RESULT_TYPE_MISMATCH,
          "the workflow returns void but names output '"
              + out.id()
              + "': declare its type "
              + out.result()
              + " or drop output");
    } else if (!types.isSameType(declared, out.result())) {
      reporter.at(
          wf.method(),
          wf.annotation(),
          where,
          Diagnostic.RESULT_TYPE_MISMATCH,
          "the workflow returns "
              + declared
              + " but its output '"
              + out.id()
              + "' produces "
              + out.result());
    }
  }

  private void checkSuccess(WorkflowModel wf, List<String> ids) {
    Set<String> required = new HashSet<>();
    for (Ref[] c : wf.success()) {
      if (c.length == 0) {
        reporter.at(
            wf.method(),
            wf.annotation(),
            Annotations.explicit(wf.annotation(), "success"),
            Diagnostic.BAD_SUCCESS_POLICY,
            "a @SuccessCase must name at least one node");
      }
      for (Ref r : c) {
        required.add(r.id());
        unknownInPolicy(wf, r, "@SuccessCase", ids);
      }
    }
    for (Ref r : wf.optional()) {
      unknownInPolicy(wf, r, "optional", ids);
      if (required.contains(r.id())) {
        reporter.at(
            wf.method(),
            wf.annotation(),
            r.where(),
            Diagnostic.BAD_SUCCESS_POLICY,
            "node '" + r.id() + "' is both required by a @SuccessCase and optional");
      }
    }
    if (wf.success().isEmpty() && !wf.optional().isEmpty()) {
      reporter.at(
          wf.method(),
          wf.annotation(),
          Annotations.explicit(wf.annotation(), "optional"),
          Diagnostic.BAD_SUCCESS_POLICY,
          "optional nodes need a success policy: add success = @SuccessCase({...})");
    }
  }

  private void unknownInPolicy(WorkflowModel wf, Ref r, String what, List<String> ids) {
    if (!ids.contains(r.id())) {
      reporter.at(
          wf.method(),
          wf.annotation(),
          r.where(),
          Diagnostic.BAD_SUCCESS_POLICY,
          what + " names unknown node '" + r.id() + "'" + Names.didYouMean(r.id(), ids));
    }
  }

  /** Kahn's algorithm, stable by declaration order; reports cycles as paths and a missing root. */
  private List<NodeModel> order(WorkflowModel wf) {
    Map<String, NodeModel> byId = new LinkedHashMap<>();
    wf.nodes().forEach(n -> byId.put(n.id(), n));
    Map<String, Integer> waiting = new HashMap<>();
    Map<String, List<String>> dependents = new HashMap<>();
    for (NodeModel n : wf.nodes()) {
      waiting.put(n.id(), n.dependencies().size());
      for (String d : n.dependencies()) {
        dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(n.id());
      }
    }
    if (waiting.values().stream().noneMatch(w -> w == 0)) {
      reporter.error(wf.method(), Diagnostic.NO_ROOT, wf.name());
    }
    List<NodeModel> order = new ArrayList<>();
    Deque<String> ready = new ArrayDeque<>();
    wf.nodes().stream().filter(n -> waiting.get(n.id()) == 0).forEach(n -> ready.add(n.id()));
    while (!ready.isEmpty()) {
      String id = ready.poll();
      order.add(byId.get(id));
      for (String next : dependents.getOrDefault(id, List.of())) {
        if (waiting.merge(next, -1, Integer::sum) == 0) {
          ready.add(next);
        }
      }
    }
    if (order.size() < wf.nodes().size()) {
      reportCycles(wf, byId, order);
    }
    return order;
  }

  private void reportCycles(WorkflowModel wf, Map<String, NodeModel> byId, List<NodeModel> done) {
    Set<String> finished = new HashSet<>();
    done.forEach(n -> finished.add(n.id()));
    Set<Set<String>> reported = new HashSet<>();
    for (NodeModel start : wf.nodes()) {
      if (finished.contains(start.id())) {
        continue;
      }
      List<String> path = cycleFrom(start.id(), byId, finished);
      if (path != null && reported.add(Set.copyOf(path))) {
        NodeModel closer = byId.get(path.get(path.size() - 1)); // it waits for the last edge
        reporter.error(closer.method(), Diagnostic.CYCLE, String.join(" -> ", path));
      }
    }
  }

  /** A cycle through {@code start} following dependency edges, as a path ending where it began. */
  private static @Nullable List<String> cycleFrom(
      String start, Map<String, NodeModel> byId, Set<String> acyclic) {
    Deque<List<String>> stack = new ArrayDeque<>();
    stack.push(List.of(start));
    Set<String> seen = new HashSet<>();
    while (!stack.isEmpty()) {
      List<String> path = stack.pop();
      String last = path.get(path.size() - 1);
      for (String d : byId.get(last).dependencies()) {
        if (d.equals(start)) {
          List<String> cycle = new ArrayList<>(path);
          cycle.add(start);
          java.util.Collections.reverse(cycle); // edges as data flows: dependency -> dependent
          return cycle;
        }
        if (!acyclic.contains(d) && seen.add(d)) {
          List<String> next = new ArrayList<>(path);
          next.add(d);
          stack.push(next);
        }
      }
    }
    return null;
  }
}
