package dev.gallop.cli;

import dev.gallop.GallopApplication;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Loads a {@link GallopApplication} by class name, from an extra class path if given. */
final class AppLoader {
  private AppLoader() {}

  /**
   * The class loader for an application: {@code classpath}'s entries over this program's own (also
   * made the thread's context loader), or this program's loader when there is none.
   *
   * @param classpath entries separated by the platform's path separator; {@code dir/*} adds every
   *     jar in {@code dir}; null = this program's own class path
   * @throws IllegalArgumentException naming the entry that is wrong
   */
  static ClassLoader loader(@Nullable String classpath) {
    ClassLoader loader = AppLoader.class.getClassLoader();
    if (classpath != null && !classpath.isBlank()) {
      loader = new URLClassLoader(urls(classpath), loader);
      Thread.currentThread().setContextClassLoader(loader);
    }
    return loader;
  }

  /**
   * Loads an application by class name; with a null name, an application with no hand-written
   * registrations (discovery does the rest).
   *
   * @throws IllegalArgumentException naming the class that is wrong
   */
  static GallopApplication load(@Nullable String className, ClassLoader loader, boolean external) {
    if (className == null) {
      return new GallopApplication() {};
    }
    Class<?> type;
    try {
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException(
          "cannot load class '"
              + className
              + "'"
              + (external ? " from the --classpath" : " (add its jar with --classpath)")
              + ": "
              + e);
    }
    if (!GallopApplication.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(
          "'" + className + "' does not implement dev.gallop.GallopApplication");
    }
    try {
      return (GallopApplication) type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          "cannot create '" + className + "' (it needs a public no-argument constructor): " + e);
    }
  }

  private static URL[] urls(String classpath) {
    List<URL> out = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      try {
        if (entry.endsWith("/*") || entry.equals("*")) {
          Path dir = Path.of(entry.substring(0, entry.length() - 1));
          try (Stream<Path> jars = Files.list(dir)) {
            for (Path p : jars.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
              out.add(p.toUri().toURL());
            }
          }
        } else {
          Path p = Path.of(entry);
          if (!Files.exists(p)) {
            throw new IllegalArgumentException("--classpath entry '" + entry + "' does not exist");
          }
          out.add(p.toUri().toURL());
        }
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("--classpath entry '" + entry + "' is not a path");
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException(
            "--classpath entry '" + entry + "' cannot be listed: " + e.getMessage());
      }
    }
    return out.toArray(URL[]::new);
  }
}
