package dev.gallop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A live embedded PostgreSQL found through its data directory's {@code postmaster.pid}: how the
 * command line's {@code db status|stop} and every engine that shares an embedded database find it.
 *
 * @param pid the postmaster's process id
 * @param port the port it listens on (loopback only)
 * @param dataDirectory its data directory
 */
public record EmbeddedServer(long pid, int port, Path dataDirectory) {
  /** {@code $GALLOP_HOME/pgdata}, or {@code ~/.gallop/pgdata} when GALLOP_HOME is not set. */
  public static Path defaultDataDirectory() {
    return home().resolve("pgdata");
  }

  /** {@code $GALLOP_HOME}, or {@code ~/.gallop} when it is not set. */
  public static Path home() {
    String home = System.getenv("GALLOP_HOME");
    return home != null && !home.isBlank()
        ? Path.of(home)
        : Path.of(System.getProperty("user.home"), ".gallop");
  }

  /**
   * The live postmaster that owns {@code dataDirectory}, if any. A stale {@code postmaster.pid}
   * (its process gone, or the pid reused by something that is not PostgreSQL) counts as none.
   */
  public static Optional<EmbeddedServer> running(Path dataDirectory) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    List<String> lines;
    try {
      if (!Files.isRegularFile(pidFile)) {
        return Optional.empty();
      }
      lines = Files.readAllLines(pidFile);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (lines.size() < 4) {
      return Optional.empty();
    }
    long pid;
    int port;
    try {
      pid = Long.parseLong(lines.get(0).trim());
      port = Integer.parseInt(lines.get(3).trim());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    @Nullable ProcessHandle h = ProcessHandle.of(pid).orElse(null);
    boolean isPostgres =
        h != null
            && h.isAlive()
            && h.info().command().map(c -> c.contains("postgres")).orElse(true);
    return isPostgres
        ? Optional.of(new EmbeddedServer(pid, port, dataDirectory))
        : Optional.empty();
  }

  /** {@code jdbc:postgresql://localhost:<port>/postgres?user=postgres} (trust auth on loopback). */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
  }
}
