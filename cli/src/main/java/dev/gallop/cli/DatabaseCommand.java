package dev.gallop.cli;

import dev.gallop.Gallop;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that opens a client-only engine on the configured database, does one thing with it and
 * closes it.
 */
abstract class DatabaseCommand implements Callable<Integer> {
  @Mixin DbOptions db;
  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    try (Gallop g = db.clientBuilder().build()) {
      int code = run(g, spec.commandLine().getOut());
      spec.commandLine().getOut().flush();
      return code;
    }
  }

  /** The command's work; returns its exit code. */
  abstract int run(Gallop gallop, PrintWriter out);

  /** Reports an unknown id on stderr; exit code 1. */
  int notFound(String what, String id) {
    spec.commandLine().getErr().println("gallop: no " + what + " '" + id + "'");
    return 1;
  }
}
