package dev.gallop.cli;

import dev.gallop.EmbeddedServer;
import dev.gallop.Gallop;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gallop db start|stop|status|migrate}: the embedded PostgreSQL as a process of its own, so
 * that workers, the dashboard and this tool on one machine share it (each of them re-attaches to a
 * running one through {@code postmaster.pid}) and a worker's exit does not take it down.
 */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = {
      "Manages the embedded PostgreSQL 17 in $GALLOP_HOME/pgdata (~/.gallop/pgdata) as a"
          + " standalone process, shared by workers, the dashboard and this tool.",
      "Durable: fsync and synchronous commit on; listens on localhost only."
    },
    subcommands = {
      DbCommand.Start.class,
      DbCommand.Stop.class,
      DbCommand.Status.class,
      DbCommand.Migrate.class,
      DbCommand.Serve.class
    })
final class DbCommand extends GroupCommand {
  static Path dataDir() {
    return EmbeddedServer.defaultDataDirectory();
  }

  static Path holderPidFile() {
    return EmbeddedServer.home().resolve("db.pid");
  }

  static Path logFile() {
    return EmbeddedServer.home().resolve("db.log");
  }

  /** The process started by {@code db start} that owns the server, if it is alive. */
  static Optional<ProcessHandle> holder() {
    try {
      if (!Files.isRegularFile(holderPidFile())) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(holderPidFile()).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** True if the server answers a query. */
  static boolean answers(EmbeddedServer s) {
    try (Connection c = DriverManager.getConnection(s.jdbcUrl())) {
      return c.isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }

  static void refuseWhenUrlConfigured() {
    String url = System.getenv("GALLOP_DATABASE_URL");
    if (url != null && !url.isBlank()) {
      throw new IllegalStateException(
          "GALLOP_DATABASE_URL is set, so Gallop uses that server, not the embedded one; unset it"
              + " to manage the embedded database");
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Starts the embedded PostgreSQL in a background process (no-op if it runs).")
  static final class Start implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "0", description = "Port; default any free one")
    int port;

    @Option(
        names = "--timeout",
        defaultValue = "120s",
        converter = Durations.class,
        description = "How long to wait for it to accept connections; default ${DEFAULT-VALUE}")
    Duration timeout = Duration.ofSeconds(120);

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      refuseWhenUrlConfigured();
      PrintWriter out = spec.commandLine().getOut();
      Optional<EmbeddedServer> running = EmbeddedServer.running(dataDir());
      if (running.isPresent()) {
        out.println("already running: " + describe(running.get()));
        return 0;
      }
      Files.createDirectories(EmbeddedServer.home());
      List<String> cmd = new ArrayList<>();
      cmd.add(ProcessHandle.current().info().command().orElse("java"));
      cmd.add("-Xmx64m");
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(GallopCli.class.getName());
      cmd.addAll(List.of("db", "serve", "--port", Integer.toString(port)));
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      out.println(
          "starting the embedded PostgreSQL (first start unpacks it; log: " + logFile() + ")");
      out.flush();
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline)) {
        Optional<EmbeddedServer> s = EmbeddedServer.running(dataDir());
        if (s.isPresent() && holder().isPresent() && answers(s.get())) {
          out.println("running: " + describe(s.get()));
          out.println("stop it with: gallop db stop");
          return 0;
        }
        if (!p.isAlive()) {
          spec.commandLine()
              .getErr()
              .println(
                  "gallop: the database process exited with "
                      + p.exitValue()
                      + "; see "
                      + logFile());
          return 1;
        }
        Thread.sleep(200); // polling another process's readiness; nothing to wait on
      }
      p.destroy();
      spec.commandLine()
          .getErr()
          .println("gallop: the database did not start within " + timeout + "; see " + logFile());
      return 1;
    }
  }

  @Command(
      name = "serve",
      hidden = true,
      description =
          "Runs the embedded PostgreSQL in the foreground until SIGTERM (used by db start).")
  static final class Serve implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "0")
    int port;

    @Override
    public Integer call() throws Exception {
      Logging.level("INFO");
      Gallop gallop =
          Gallop.builder()
              .ignoreEnvironment()
              .embeddedDataDirectory(dataDir())
              .embeddedPort(port)
              .poolSize(1)
              .build();
      Files.writeString(holderPidFile(), Long.toString(ProcessHandle.current().pid()));
      System.out.println(Instant.now() + " serving " + gallop.databaseDescription());
      return UntilSignal.await(
          "db",
          () -> {
            gallop.close();
            try {
              Files.deleteIfExists(holderPidFile());
            } catch (IOException e) {
              // a stale pid file is detected as such
            }
            System.out.println(Instant.now() + " stopped");
          });
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "Stops the embedded PostgreSQL started by 'gallop db start'.")
  static final class Stop implements Callable<Integer> {
    @Option(
        names = "--force",
        description =
            "Also stop a server started by another process (a worker or the demo), with a fast shutdown")
    boolean force;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      Optional<EmbeddedServer> s = EmbeddedServer.running(dataDir());
      Optional<ProcessHandle> h = holder();
      if (s.isEmpty() && h.isEmpty()) {
        out.println("not running (data in " + dataDir() + ")");
        return 0;
      }
      if (h.isPresent()) {
        h.get().destroy(); // SIGTERM: its shutdown hook stops PostgreSQL cleanly
        if (!waitGone(h.get(), Duration.ofSeconds(60))) {
          spec.commandLine()
              .getErr()
              .println("gallop: process " + h.get().pid() + " did not stop within 60 s");
          return 1;
        }
      } else if (force) {
        ProcessHandle pg = ProcessHandle.of(s.get().pid()).orElseThrow();
        new ProcessBuilder("kill", "-INT", Long.toString(s.get().pid()))
            .inheritIO()
            .start()
            .waitFor();
        if (!waitGone(pg, Duration.ofSeconds(60))) {
          spec.commandLine()
              .getErr()
              .println("gallop: PostgreSQL " + s.get().pid() + " did not stop within 60 s");
          return 1;
        }
      } else {
        spec.commandLine()
            .getErr()
            .println(
                "gallop: the embedded PostgreSQL (pid "
                    + s.get().pid()
                    + ") was not started by 'gallop db start': the process that started it stops"
                    + " it when it exits; use --force to stop it now");
        return 1;
      }
      out.println("stopped (data kept in " + dataDir() + ")");
      return 0;
    }

    private static boolean waitGone(ProcessHandle p, Duration max) throws Exception {
      try {
        p.onExit().get(max.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return true;
      } catch (java.util.concurrent.TimeoutException e) {
        return false;
      }
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Tells whether the embedded PostgreSQL runs; exit 0 if it does, 1 if not.")
  static final class Status implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Optional<EmbeddedServer> s = EmbeddedServer.running(dataDir());
      boolean answers = s.isPresent() && answers(s.get());
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("running", answers);
        m.put("dataDirectory", dataDir().toString());
        m.put("port", s.map(EmbeddedServer::port).orElse(null));
        m.put("pid", s.map(EmbeddedServer::pid).orElse(null));
        m.put("jdbcUrl", s.map(EmbeddedServer::jdbcUrl).orElse(null));
        m.put("startedByDbStart", holder().isPresent());
        Output.json(out, m);
      } else if (answers) {
        out.println(
            "running: "
                + describe(s.get())
                + (holder().isPresent()
                    ? ""
                    : " (owned by the process that started it, not by 'gallop db start')"));
      } else if (s.isPresent()) {
        out.println(
            "starting or stuck: PostgreSQL pid "
                + s.get().pid()
                + " does not answer on port "
                + s.get().port());
      } else {
        out.println("not running (data in " + dataDir() + "); start it with: gallop db start");
      }
      out.flush();
      return answers ? 0 : 1;
    }
  }

  @Command(
      name = "migrate",
      mixinStandardHelpOptions = true,
      description =
          "Applies Gallop's schema migrations to the database (the engine also does this at startup).")
  static final class Migrate extends DatabaseCommand {
    @Override
    int run(Gallop g, PrintWriter out) {
      out.println("schema up to date on " + g.databaseDescription());
      return 0;
    }
  }

  static String describe(EmbeddedServer s) {
    return "PostgreSQL on port "
        + s.port()
        + " (pid "
        + s.pid()
        + "), data in "
        + s.dataDirectory()
        + ", URL "
        + s.jdbcUrl();
  }
}
