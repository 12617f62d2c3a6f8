package dev.gallop.internal.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

/**
 * Applies the forward-only migrations shipped in the jar ({@code dev/gallop/db/migration}). Flyway
 * takes a PostgreSQL advisory lock, so several JVMs starting at once apply each version once.
 */
public final class Migrations {
  private Migrations() {}

  /** Applies every pending version; returns how many were applied. */
  public static int migrate(DataSource dataSource, String schema) {
    return migrate(dataSource, schema, null);
  }

  /**
   * Applies pending versions up to {@code target} (all when null); tests use it to build a database
   * as an earlier release left it, then upgrade it.
   */
  public static int migrate(DataSource dataSource, String schema, @Nullable String target) {
    var config =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(dataSource)
            .schemas(schema)
            .defaultSchema(schema)
            .createSchemas(true)
            .table("gallop_schema_history")
            .locations("classpath:dev/gallop/db/migration");
    if (target != null) {
      config = config.target(target);
    }
    return config.load().migrate().migrationsExecuted;
  }
}
