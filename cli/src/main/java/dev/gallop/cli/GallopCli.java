package dev.gallop.cli;

import dev.gallop.error.GallopException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gallop} command. Exit codes: 0 success, 1 the operation failed (not found, database
 * error, problems found), 2 bad arguments. {@code bin/gallop} runs it with a JDK 21+.
 */
@Command(
    name = "gallop",
    mixinStandardHelpOptions = true,
    versionProvider = GallopCli.Version.class,
    description = "Durable background tasks and DAG workflows on PostgreSQL.",
    footer = {
      "",
      "The database is --database-url, else GALLOP_DATABASE_URL (with GALLOP_DATABASE_USER and"
          + " GALLOP_DATABASE_PASSWORD), else the embedded PostgreSQL in $GALLOP_HOME/pgdata"
          + " (~/.gallop/pgdata). Run 'gallop db start' to share one embedded database between"
          + " workers, the dashboard and this tool.",
      "",
      "Exit codes: 0 success, 1 the operation failed, 2 bad arguments."
    },
    subcommands = {
      WorkerCommand.class,
      CheckCommand.class,
      DemoCommand.class,
      DbCommand.class,
      WorkflowsCommand.class,
      TasksCommand.class,
      DashboardCommand.class,
      CommandLine.HelpCommand.class
    })
public final class GallopCli extends GroupCommand {

  public static void main(String[] args) {
    // logs go to stderr, so that --json output on stdout stays parseable
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "gallop-cli-logback.xml");
    }
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line and returns its exit code (for tests and embedding). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = commandLine(out, err);
    return cl.execute(args);
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new GallopCli());
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof IllegalArgumentException) {
        line.getErr().println("gallop: " + e.getMessage());
        return CommandLine.ExitCode.USAGE;
      }
      String msg =
          e instanceof GallopException g
              ? g.getMessage()
              : e.getMessage() == null ? e.toString() : e.getMessage();
      line.getErr().println("gallop: " + msg);
      return CommandLine.ExitCode.SOFTWARE;
    });
    return cl;
  }

  /** The version from the jar manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = GallopCli.class.getPackage().getImplementationVersion();
      return new String[] {"gallop " + (v == null ? "(development build)" : v)};
    }
  }
}
