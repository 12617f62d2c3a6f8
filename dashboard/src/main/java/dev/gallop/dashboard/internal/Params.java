package dev.gallop.dashboard.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Query-parameter parsing; every bad value becomes an IllegalArgumentException naming it. */
public final class Params {
  private Params() {}

  /** A comma-separated list of enum names (any case); blank = none. */
  public static <E extends Enum<E>> Set<E> statuses(@Nullable String csv, Class<E> type) {
    if (csv == null || csv.isBlank()) {
      return Set.of();
    }
    EnumSet<E> out = EnumSet.noneOf(type);
    for (String part : csv.split(",")) {
      String name = part.trim().toUpperCase(Locale.ROOT);
      try {
        out.add(Enum.valueOf(type, name));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "status must be one of "
                + Arrays.toString(type.getEnumConstants())
                + ", was '"
                + part.trim()
                + "'");
      }
    }
    return out;
  }

  /**
   * {@code since}: an ISO instant, or an age such as {@code 90s}, {@code 15m}, {@code 2h}, {@code
   * 7d}.
   */
  public static @Nullable Instant since(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    if (v.matches("\\d{1,9}[smhd]")) {
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      Duration d =
          switch (v.charAt(v.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
      return Instant.now().minus(d);
    }
    return instant("since", v);
  }

  public static @Nullable Instant instant(String name, @Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name
              + " must be an ISO instant (2026-12-01T08:00:00Z)"
              + (name.equals("since") ? " or an age like 15m, 2h, 7d" : "")
              + ", was '"
              + value
              + "'");
    }
  }

  /** A parameter that must be present and non-blank. */
  public static String required(String name, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }

  /** {@code limit}: 1..1000, default 50. */
  public static int limit(@Nullable String value) {
    return value == null || value.isBlank() ? 50 : integer("limit", value, 1, 1000);
  }

  public static int integer(String name, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        name + " must be a whole number " + min + ".." + max + ", was '" + value + "'");
  }
}
