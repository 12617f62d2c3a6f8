package dev.gallop.testing;

import dev.gallop.internal.db.EmbeddedDatabase;
import dev.gallop.internal.db.Migrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One PostgreSQL per test JVM: the embedded one (fast, non-durable test settings), or the server
 * named by {@code GALLOP_TEST_DATABASE_URL} (a superuser URL to its {@code postgres} database).
 * Each test gets a fresh database cloned from a migrated template, so tests never share rows or
 * notifications.
 */
public final class TestDatabase {
  private static final String TEMPLATE = "gallop_template";
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static volatile TestDatabase instance;

  private final String adminUrl;
  private final String baseUrl;

  private TestDatabase(String adminUrl) {
    this.adminUrl = adminUrl;
    this.baseUrl = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1);
  }

  public static synchronized TestDatabase get() {
    if (instance == null) {
      String url = System.getenv("GALLOP_TEST_DATABASE_URL");
      if (url == null || url.isBlank()) {
        EmbeddedDatabase db = EmbeddedDatabase.startEphemeral();
        Runtime.getRuntime().addShutdownHook(new Thread(db::close));
        url = db.jdbcUrl("postgres");
      }
      TestDatabase t = new TestDatabase(url);
      t.createTemplate();
      instance = t;
    }
    return instance;
  }

  private void createTemplate() {
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement st = c.createStatement()) {
      st.execute("drop database if exists " + TEMPLATE);
      st.execute("create database " + TEMPLATE);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the test template database", e);
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(urlOf(TEMPLATE));
    Migrations.migrate(ds, "gallop");
  }

  /** Creates a fresh migrated database and returns its JDBC URL. */
  public String freshDatabase() {
    String name = "gallop_t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement st = c.createStatement()) {
      st.execute("create database " + name + " template " + TEMPLATE);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return urlOf(name);
  }

  /** Drops a database made by {@link #freshDatabase()}. */
  public void drop(String url) {
    String name = url.substring(baseUrl.length()).replaceAll("\\?.*", "");
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement st = c.createStatement()) {
      st.execute("drop database if exists " + name + " with (force)");
    } catch (SQLException e) {
      // best effort: the server is thrown away with the JVM
    }
  }

  private String urlOf(String db) {
    String query = adminUrl.contains("?") ? adminUrl.substring(adminUrl.indexOf('?')) : "";
    return baseUrl + db + query;
  }
}
