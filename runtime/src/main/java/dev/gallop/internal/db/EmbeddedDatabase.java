package dev.gallop.internal.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL 17 that Gallop uses when no database URL is configured.
 *
 * <p>Durable mode (the product default) keeps its data in a persistent directory with {@code fsync}
 * and {@code synchronous_commit} on (zonky turns both off by default) and listens on loopback only.
 * A postmaster left running by a killed JVM is detected through {@code postmaster.pid} and reused
 * instead of failing after a 10-second wait; a dead one's lock file is handled by PostgreSQL
 * itself.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final @Nullable EmbeddedPostgres postgres;
  private final int port;

  private EmbeddedDatabase(@Nullable EmbeddedPostgres postgres, int port) {
    this.postgres = postgres;
    this.port = port;
  }

  /**
   * Starts (or re-attaches to) an embedded server on {@code dataDir}.
   *
   * @param dataDir persistent data directory; created if missing
   * @param port fixed port, or 0 to let the server pick a free one
   * @param durable true for fsync and synchronous commit (product); false only for tests
   */
  public static EmbeddedDatabase start(Path dataDir, int port, boolean durable) {
    try {
      Files.createDirectories(dataDir.getParent() == null ? dataDir : dataDir.getParent());
      Optional<Integer> running = runningPostmasterPort(dataDir);
      if (running.isPresent()) {
        log.info(
            "Reusing the embedded PostgreSQL already running on {} (port {})",
            dataDir,
            running.get());
        return new EmbeddedDatabase(null, running.get());
      }
      EmbeddedPostgres.Builder b =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setServerConfig("listen_addresses", "localhost")
              .setServerConfig("max_connections", "300");
      if (durable) {
        b.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
      }
      if (port > 0) {
        b.setPort(port);
      }
      EmbeddedPostgres pg = b.start();
      log.info("Started embedded PostgreSQL on port {} with data in {}", pg.getPort(), dataDir);
      return new EmbeddedDatabase(pg, pg.getPort());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start embedded PostgreSQL in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /** A throw-away server in a temporary directory with the fast (non-durable) test settings. */
  public static EmbeddedDatabase startEphemeral() {
    try {
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setServerConfig("listen_addresses", "localhost")
              .setServerConfig("max_connections", "300")
              .start();
      return new EmbeddedDatabase(pg, pg.getPort());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  /** The port of a live postmaster that owns {@code dataDir}, if any. */
  static Optional<Integer> runningPostmasterPort(Path dataDir) {
    return dev.gallop.EmbeddedServer.running(dataDir).map(dev.gallop.EmbeddedServer::port);
  }

  public int port() {
    return port;
  }

  /**
   * JDBC URL of database {@code database} as the superuser {@code postgres} (trust auth on
   * loopback).
   */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database + "?user=postgres";
  }

  /** True if this object started the server (and so stops it on close). */
  public boolean owned() {
    return postgres != null;
  }

  @Override
  public void close() {
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        log.warn("Stopping embedded PostgreSQL failed: {}", e.getMessage());
      }
    }
  }
}
