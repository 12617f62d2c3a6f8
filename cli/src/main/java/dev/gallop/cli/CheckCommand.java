package dev.gallop.cli;

import dev.gallop.CheckMain;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gallop check}: validates an application's workflow definitions. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Loads an application's tasks and workflow definitions and validates every definition"
          + " without starting anything; prints every problem at once.",
      "Without --live no database is needed. Exit codes: 0 valid, 1 problems found, 2 bad"
          + " arguments."
    })
final class CheckCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "APP", description = "Application class name")
  String app;

  @Option(
      names = "--classpath",
      paramLabel = "PATHS",
      description = "Where the application's classes are")
  @Nullable String classpath;

  @Option(names = "--live", description = "Also check that the configured database answers")
  boolean live;

  @Override
  public Integer call() {
    Logging.level("ERROR");
    return CheckMain.check(AppLoader.load(app, classpath), live, System.out, System.err);
  }
}
