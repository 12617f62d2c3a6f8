package dev.gallop.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/** Sets the root log level from {@code --log-level}. */
final class Logging {
  private Logging() {}

  static void level(String name) {
    Level level = Level.toLevel(name.toUpperCase(Locale.ROOT), null);
    if (level == null || !name.toUpperCase(Locale.ROOT).equals(level.levelStr)) {
      throw new IllegalArgumentException(
          "--log-level must be ERROR, WARN, INFO, DEBUG or TRACE, was '" + name + "'");
    }
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(level);
  }
}
