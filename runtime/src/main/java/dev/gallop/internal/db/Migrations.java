package dev.gallop.internal.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Applies the forward-only migrations shipped in the jar ({@code dev/gallop/db/migration}). Flyway
 * takes a PostgreSQL advisory lock, so several JVMs starting at once apply each version once.
 */
public final class Migrations {
  private Migrations() {}

  public static int migrate(DataSource dataSource, String schema) {
    Flyway flyway =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(dataSource)
            .schemas(schema)
            .defaultSchema(schema)
            .createSchemas(true)
            .table("gallop_schema_history")
            .locations("classpath:dev/gallop/db/migration")
            .load();
    return flyway.migrate().migrationsExecuted;
  }
}
