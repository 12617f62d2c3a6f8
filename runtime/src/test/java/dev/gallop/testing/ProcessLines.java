package dev.gallop.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects a child process's output lines on a thread of its own, so that a test can wait for a
 * line (a readiness message) without sleeping, and show everything the process said when it fails.
 */
public final class ProcessLines {
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;
  private boolean ended;

  private ProcessLines(Process p, Consumer<String> onLine) {
    reader =
        Thread.ofVirtual()
            .start(() -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  onLine.accept(line);
                  add(line);
                }
              } catch (IOException e) {
                add("reading the process's output failed: " + e);
              } finally {
                synchronized (this) {
                  ended = true;
                  notifyAll();
                }
              }
            });
  }

  /** Follows {@code p}'s standard output (merge stderr into it to see both). */
  public static ProcessLines follow(Process p) {
    return new ProcessLines(p, line -> {});
  }

  /** Follows {@code p}'s output, calling {@code onLine} for each line as it arrives. */
  public static ProcessLines follow(Process p, Consumer<String> onLine) {
    return new ProcessLines(p, onLine);
  }

  private synchronized void add(String line) {
    lines.add(line);
    notifyAll();
  }

  /** The lines so far. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /**
   * Waits for a line matching {@code pattern}; returns its first group (or the whole match).
   *
   * @return empty if the output ended or {@code max} passed first
   */
  public synchronized Optional<String> awaitMatch(Pattern pattern, Duration max)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    int seen = 0;
    while (true) {
      for (; seen < lines.size(); seen++) {
        Matcher m = pattern.matcher(lines.get(seen));
        if (m.find()) {
          return Optional.of(m.groupCount() > 0 ? m.group(1) : m.group());
        }
      }
      long left = deadline - System.nanoTime();
      if (ended || left <= 0) {
        return Optional.empty();
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /** Waits until the process's output has ended (it exited and everything was read). */
  public void awaitEnd(Duration max) throws InterruptedException {
    reader.join(max);
  }
}
