package dev.gallop.cli;

import dev.gallop.Gallop;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where the database is: shared by every command that talks to it. */
final class DbOptions {
  @Option(
      names = "--database-url",
      paramLabel = "URL",
      description =
          "JDBC URL (jdbc:postgresql://...); default GALLOP_DATABASE_URL, else the embedded"
              + " database")
  @Nullable String url;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description = "Log level: ERROR, WARN, INFO, DEBUG, TRACE; default WARN (INFO for worker)")
  @Nullable String logLevel;

  /** Applies {@code --log-level}, or {@code fallback} when it is not given. */
  void applyLogLevel(String fallback) {
    Logging.level(logLevel == null ? fallback : logLevel);
  }

  /** A client-only engine builder (subworkflow nodes are left to the workers). */
  Gallop.Builder clientBuilder() {
    applyLogLevel("WARN");
    return apply(Gallop.builder().withoutDefinitionRegistry());
  }

  /** Applies the URL option, if given, to any builder (for example an application's own). */
  Gallop.Builder apply(Gallop.Builder b) {
    if (url != null) {
      b.databaseUrl(url);
    }
    return b;
  }
}
