package dev.gallop.internal.db;

import java.util.regex.Pattern;

/** Masks credentials in connection strings before they reach a log line or a message. */
public final class Urls {
  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");
  private static final Pattern USERINFO = Pattern.compile("(//[^:/@]+:)[^@/]*@");

  private Urls() {}

  public static String mask(String url) {
    if (url == null) {
      return null;
    }
    String m = PASSWORD_PARAM.matcher(url).replaceAll("$1***");
    return USERINFO.matcher(m).replaceAll("$1***@");
  }
}
