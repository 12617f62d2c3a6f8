package dev.gallop;

import dev.gallop.error.ValidationProblem;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code CheckMain <fully.qualified.GallopApplication> [--live]}: loads an application's tasks and
 * workflow definitions and validates every definition without starting anything. Without {@code
 * --live} no database is needed; with it the configured database must also answer. Prints every
 * problem at once. Exit codes: 0 valid, 1 problems found, 2 bad arguments.
 */
public final class CheckMain {
  private CheckMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the check and returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    boolean live = List.of(args).contains("--live");
    List<String> rest = List.of(args).stream().filter(a -> !a.equals("--live")).toList();
    if (rest.size() != 1) {
      err.println("usage: CheckMain <fully.qualified.GallopApplication> [--live]");
      return 2;
    }
    GallopApplication app;
    try {
      app = (GallopApplication) Class.forName(rest.get(0)).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
      err.println("cannot load GallopApplication '" + rest.get(0) + "': " + e);
      return 2;
    }
    return check(app, live, out, err);
  }

  /**
   * Checks an already loaded application (the command line loads it from its own class path).
   *
   * @return 0 valid, 1 problems found or the check failed
   */
  public static int check(GallopApplication app, boolean live, PrintStream out, PrintStream err) {
    Gallop.Builder builder = app.configure(Gallop.builder());
    if (!live) {
      builder.offline();
    }
    try (Gallop gallop = builder.build()) {
      try {
        app.register(gallop);
      } catch (RuntimeException e) {
        err.println("GALLOP-210: registration code failed: " + e.getMessage());
        return 1;
      }
      if (live) {
        gallop.engine().db().read(c -> c.isValid(5));
        out.println("database: " + gallop.databaseDescription() + " answers");
      }
      List<ValidationProblem> problems = gallop.checkDefinitions();
      int count = gallop.engine().workflows().definitions().size();
      if (problems.isEmpty()) {
        out.println("OK: " + count + " workflow definition" + (count == 1 ? "" : "s") + " checked");
        return 0;
      }
      err.println(
          problems.size()
              + " problem"
              + (problems.size() == 1 ? "" : "s")
              + " in "
              + count
              + " definitions:");
      problems.forEach(p -> err.println("  - " + p));
      return 1;
    } catch (RuntimeException | java.sql.SQLException e) {
      err.println("check failed: " + e.getMessage());
      return 1;
    }
  }
}
