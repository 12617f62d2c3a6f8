package dev.gallop.internal.workflow;

import java.util.regex.Pattern;

/** Node id rules: generated ids are {@code slug(workflowName) + ":" + index}. */
public final class NodeIds {
  public static final Pattern VALID = Pattern.compile("^[A-Za-z0-9_\\-:.]+$");
  public static final int MAX_LENGTH = 128;

  private NodeIds() {}

  /** Spaces become {@code _}; every character outside {@code [A-Za-z0-9_\-:.]} is dropped. */
  public static String slug(String name) {
    StringBuilder b = new StringBuilder();
    for (char ch : name.replace(' ', '_').toCharArray()) {
      if ((ch >= 'A' && ch <= 'Z')
          || (ch >= 'a' && ch <= 'z')
          || (ch >= '0' && ch <= '9')
          || ch == '_'
          || ch == '-'
          || ch == ':'
          || ch == '.') {
        b.append(ch);
      }
    }
    return b.isEmpty() ? "_" : b.toString();
  }

  public static String generated(String workflowName, int index) {
    return slug(workflowName) + ":" + index;
  }

  public static boolean valid(String id) {
    return id.length() <= MAX_LENGTH && VALID.matcher(id).matches();
  }
}
