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
    return null;
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
