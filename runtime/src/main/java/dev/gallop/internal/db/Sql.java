package dev.gallop.internal.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A thin JDBC helper: statements with bound parameters only (never concatenated values), row
 * mapping, and the few type conversions the store needs (Instant, int[], text[]).
 */
public final class Sql {
  private Sql() {}

  /** Maps one row. */
  @FunctionalInterface
  public interface RowMapper<R> {
    R map(ResultSet rs) throws SQLException;
  }

  public static int update(Connection c, String sql, @Nullable Object... params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(c, ps, params);
      return ps.executeUpdate();
    }
  }

  public static <R> List<R> query(
      Connection c, String sql, RowMapper<R> mapper, @Nullable Object... params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(c, ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        List<R> out = new ArrayList<>();
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
        return out;
      }
    }
  }

  public static <R> Optional<R> one(
      Connection c, String sql, RowMapper<R> mapper, @Nullable Object... params)
      throws SQLException {
    List<R> rows = query(c, sql, mapper, params);
    return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
  }

  /** Executes a statement (such as {@code SELECT pg_advisory_xact_lock(?)}) and ignores rows. */
  public static void execute(Connection c, String sql, @Nullable Object... params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(c, ps, params);
      ps.execute();
    }
  }

  /** Sends a notification; delivered at commit. */
  public static void notify(Connection c, String channel, String payload) throws SQLException {
    execute(c, "select pg_notify(?, ?)", channel, payload);
  }

  static void bind(Connection c, PreparedStatement ps, @Nullable Object... params)
      throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      int idx = i + 1;
      if (p == null) {
        ps.setNull(idx, Types.NULL);
      } else if (p instanceof Instant t) {
        ps.setObject(idx, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
      } else if (p instanceof int[] a) {
        Integer[] boxed = new Integer[a.length];
        for (int k = 0; k < a.length; k++) {
          boxed[k] = a[k];
        }
        ps.setArray(idx, c.createArrayOf("int4", boxed));
      } else if (p instanceof String[] a) {
        ps.setArray(idx, c.createArrayOf("text", a));
      } else if (p instanceof Integer[] a) {
        ps.setArray(idx, c.createArrayOf("int4", a));
      } else if (p instanceof Boolean[] a) {
        ps.setArray(idx, c.createArrayOf("bool", a));
      } else if (p instanceof Collection<?> col) {
        ps.setArray(idx, c.createArrayOf("text", col.stream().map(String::valueOf).toArray()));
      } else if (p instanceof Enum<?> e) {
        ps.setString(idx, e.name());
      } else {
        ps.setObject(idx, p);
      }
    }
  }

  public static @Nullable Instant instant(ResultSet rs, String col) throws SQLException {
    Timestamp ts = rs.getTimestamp(col);
    return ts == null ? null : ts.toInstant();
  }

  public static @Nullable Integer intOrNull(ResultSet rs, String col) throws SQLException {
    int v = rs.getInt(col);
    return rs.wasNull() ? null : v;
  }

  public static int[] ints(ResultSet rs, String col) throws SQLException {
    Array a = rs.getArray(col);
    if (a == null) {
      return new int[0];
    }
    Object arr = a.getArray();
    if (arr instanceof Integer[] boxed) {
      int[] out = new int[boxed.length];
      for (int i = 0; i < boxed.length; i++) {
        out[i] = boxed[i];
      }
      return out;
    }
    if (arr instanceof Object[] objs) {
      int[] out = new int[objs.length];
      for (int i = 0; i < objs.length; i++) {
        out[i] = ((Number) objs[i]).intValue();
      }
      return out;
    }
    throw new SQLException("not an int array: " + arr);
  }
}
