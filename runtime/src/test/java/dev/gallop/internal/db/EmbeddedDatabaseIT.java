package dev.gallop.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseIT {
  @TempDir Path dir;

  @Test
  void durableSettingsPersistentDataAndReuseOfAnOrphanedPostmaster() throws Exception {
    Path data = dir.resolve("pgdata");
    EmbeddedDatabase first = EmbeddedDatabase.start(data, 0, true);
    try {
      try (Connection c = DriverManager.getConnection(first.jdbcUrl("postgres"));
          Statement st = c.createStatement()) {
        assertThat(show(st, "fsync")).isEqualTo("on");
        assertThat(show(st, "synchronous_commit")).isEqualTo("on");
        assertThat(show(st, "listen_addresses")).isEqualTo("localhost");
        st.execute("create table kept (v int); insert into kept values (42)");
      }
      // a JVM killed with -9 leaves its postmaster running: the next start must reuse it at once,
      // not fail after a 10-second wait on postmaster.pid
      long start = System.nanoTime();
      EmbeddedDatabase second = EmbeddedDatabase.start(data, 0, true);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(second.owned()).isFalse();
      assertThat(second.port()).isEqualTo(first.port());
      second.close(); // does not stop a server it did not start
      try (Connection c = DriverManager.getConnection(first.jdbcUrl("postgres"));
          Statement st = c.createStatement()) {
        assertThat(value(st, "select v from kept")).isEqualTo("42");
      }
    } finally {
      first.close();
    }
    assertThat(Files.exists(data.resolve("PG_VERSION"))).isTrue();
    // restart on the same directory: the data survived
    EmbeddedDatabase third = EmbeddedDatabase.start(data, 0, true);
    try (Connection c = DriverManager.getConnection(third.jdbcUrl("postgres"));
        Statement st = c.createStatement()) {
      assertThat(third.owned()).isTrue();
      assertThat(value(st, "select v from kept")).isEqualTo("42");
    } finally {
      third.close();
    }
  }

  private static String show(Statement st, String setting) throws Exception {
    return value(st, "show " + setting);
  }

  private static String value(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
