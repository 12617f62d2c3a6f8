package dev.gallop.internal.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Ids and hashes. */
public final class Ids {
  public static final int MAX_ID_LENGTH = 128;

  private Ids() {}

  public static String random() {
    return UUID.randomUUID().toString();
  }

  /** Null when the caller-chosen id is acceptable, else why not. */
  public static @Nullable String problem(String kind, @Nullable String id) {
    if (id == null || id.isBlank()) {
      return kind + " id must be non-blank, was '" + id + "'";
    }
    if (id.length() > MAX_ID_LENGTH) {
      return kind + " id must be at most " + MAX_ID_LENGTH + " characters, was " + id.length();
    }
    String bad = unstorable(id);
    return bad == null ? null : kind + " id " + bad;
  }

  /**
   * Null when the text can be stored as PostgreSQL text, else what is wrong with it. PostgreSQL
   * text holds no NUL character, and an unpaired UTF-16 surrogate has no UTF-8 form: the driver
   * would silently store '?' instead, so both are refused rather than changed.
   */
  public static @Nullable String unstorable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\u0000') {
        return "contains a NUL character at index " + i;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "contains an unpaired UTF-16 surrogate (U+"
            + HexFormat.of().withUpperCase().toHexDigits(c)
            + ") at index "
            + i;
      }
    }
    return null;
  }

  /**
   * Null when a serialized payload ({@code what}: "input", "result", "static value") can be stored
   * and is within {@code limitBytes}, else why not, naming the size.
   */
  public static @Nullable String payloadProblem(String what, String text, int limitBytes) {
    String bad = unstorable(text);
    if (bad != null) {
      return "serialized " + what + " " + bad + " and cannot be stored";
    }
    int size = utf8Size(text);
    return size <= limitBytes
        ? null
        : "serialized "
            + what
            + " is "
            + size
            + " bytes, over the payload limit of "
            + limitBytes
            + " bytes";
  }

  public static String sha256(String... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String p : parts) {
        md.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** UTF-8 size of a text. */
  public static int utf8Size(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
