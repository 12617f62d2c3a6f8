package dev.gallop.task;

import dev.gallop.error.ConfigurationException;
import dev.gallop.error.ValidationProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * When and how often a failed task is retried. Immutable and thread-safe.
 *
 * <p>A retry happens only if the error's code is in {@link #autoRetryFor()}, retries remain, the
 * task's {@code goodUntil} (if any) is after the retry time, and its workflow (if any) is not
 * cancelled. Invalid policies throw {@link ConfigurationException} with {@code GALLOP-102}.
 *
 * @param maxRetries retries after the first attempt, 1..20
 * @param intervals FIXED: one wait per retry; EXPONENTIAL: the base wait. Each 1 s .. 86,400 s
 * @param backoff the backoff kind
 * @param jitter when true (the default), each wait varies uniformly by ±25 %, never below 1 s
 * @param autoRetryFor the codes that are retried; non-empty
 */
public record RetryPolicy(
    int maxRetries,
    List<Duration> intervals,
    Backoff backoff,
    boolean jitter,
    Set<ErrorCode> autoRetryFor) {

  /** Longest wait of one retry: one day. */
  public static final Duration MAX_INTERVAL = Duration.ofSeconds(86_400);

  /** How waits grow between retries. */
  public enum Backoff {
    /** Retry n waits {@code intervals[n-1]}. */
    FIXED,
    /** Retry n waits {@code min(base * 2^(n-1), 86,400 s)}. */
    EXPONENTIAL
  }

  public RetryPolicy {
    intervals = List.copyOf(intervals);
    autoRetryFor = Set.copyOf(autoRetryFor);
    List<ValidationProblem> problems = new ArrayList<>();
    if (maxRetries < 1 || maxRetries > 20) {
      problems.add(ValidationProblem.of(102, "maxRetries must be 1..20, was " + maxRetries));
    }
    if (intervals.isEmpty() || intervals.size() > 20) {
      problems.add(
          ValidationProblem.of(102, "intervals must have 1..20 entries, had " + intervals.size()));
    }
    for (Duration d : intervals) {
      if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_INTERVAL) > 0) {
        problems.add(ValidationProblem.of(102, "each interval must be 1s..86400s, was " + d));
      }
    }
    if (backoff == Backoff.FIXED && intervals.size() != maxRetries) {
      problems.add(
          ValidationProblem.of(
              102,
              "a FIXED policy needs one interval per retry: maxRetries="
                  + maxRetries
                  + " but "
                  + intervals.size()
                  + " intervals"));
    }
    if (backoff == Backoff.EXPONENTIAL && intervals.size() != 1) {
      problems.add(
          ValidationProblem.of(
              102,
              "an EXPONENTIAL policy takes exactly one base interval, had " + intervals.size()));
    }
    if (autoRetryFor.isEmpty()) {
      problems.add(ValidationProblem.of(102, "autoRetryFor must name at least one error code"));
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException("retry policy", problems);
    }
  }

  /** A FIXED policy: retry n waits {@code intervals.get(n-1)}; one retry per interval. */
  public static RetryPolicy fixed(List<Duration> intervals, String... retryOn) {
    return new RetryPolicy(intervals.size(), intervals, Backoff.FIXED, true, codes(retryOn));
  }

  /** An EXPONENTIAL policy: retry n waits {@code min(base * 2^(n-1), 1 day)}. */
  public static RetryPolicy exponential(Duration base, int maxRetries, String... retryOn) {
    return new RetryPolicy(maxRetries, List.of(base), Backoff.EXPONENTIAL, true, codes(retryOn));
  }

  /** This policy with jitter on or off. */
  public RetryPolicy withJitter(boolean on) {
    return new RetryPolicy(maxRetries, intervals, backoff, on, autoRetryFor);
  }

  /** True when an error with this code may be retried by this policy. */
  public boolean retriesOn(ErrorCode code) {
    return autoRetryFor.contains(code);
  }

  /**
   * The wait before retry number {@code retry} (1-based), with jitter drawn from {@code random}.
   */
  public Duration delayFor(int retry, RandomGenerator random) {
    Duration base;
    if (backoff == Backoff.FIXED) {
      base = intervals.get(Math.min(retry, intervals.size()) - 1);
    } else {
      long seconds = intervals.get(0).toMillis();
      long factor = 1L << Math.min(retry - 1, 30);
      long millis =
          seconds > MAX_INTERVAL.toMillis() / factor ? MAX_INTERVAL.toMillis() : seconds * factor;
      base = Duration.ofMillis(Math.min(millis, MAX_INTERVAL.toMillis()));
    }
    if (!jitter) {
      return base;
    }
    double f = 0.75 + random.nextDouble() * 0.5;
    long millis = Math.max(1000L, Math.round(base.toMillis() * f));
    return Duration.ofMillis(millis);
  }

  private static Set<ErrorCode> codes(String... names) {
    Set<ErrorCode> set = new LinkedHashSet<>();
    List<ValidationProblem> problems = new ArrayList<>();
    for (String n : names) {
      if (n == null || !n.matches("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")) {
        problems.add(
            ValidationProblem.of(102, "autoRetryFor codes must be UPPER_SNAKE, was '" + n + "'"));
      } else {
        set.add(ErrorCode.parse(n));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException("retry policy", problems);
    }
    return set;
  }
}
