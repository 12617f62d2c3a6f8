package dev.gallop.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The retry policy of a {@link Task @Task}: {@code @Retry(max = 3, initial = "PT2S")}.
 *
 * <p>Retry {@code n} waits {@code initial} (FIXED) or {@code min(initial * 2^(n-1), maxDelay)}
 * (EXPONENTIAL), varied by ±25 % when {@link #jitter()} is on. Only errors whose code is in {@link
 * #on()} are retried.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Retry {
  /** How waits grow between retries. */
  enum Backoff {
    /** Every retry waits {@link Retry#initial()}. */
    FIXED,
    /** Retry n waits {@code initial * 2^(n-1)}, at most {@link Retry#maxDelay()}. */
    EXPONENTIAL
  }

  /** Retries after the first attempt: 0 (no retries) to 20. Negative or above 20 is GALLOP-102. */
  int max();

  /** The backoff. Default {@link Backoff#EXPONENTIAL}. */
  Backoff backoff() default Backoff.EXPONENTIAL;

  /** The first wait, an ISO-8601 duration of 1 s to 1 day. Default {@code "PT1S"}. */
  String initial() default "PT1S";

  /**
   * The longest wait of one retry, an ISO-8601 duration of at least {@link #initial()} and at most
   * one day. Default {@code ""}: one day.
   */
  String maxDelay() default "";

  /** Whether each wait varies by ±25 % (never below 1 s). Default {@code true}. */
  boolean jitter() default true;

  /**
   * The error codes that are retried. Default {@code {"UNHANDLED_EXCEPTION"}}: exceptions that no
   * {@link MapException} names. List your own codes to retry errors the body returns.
   */
  String[] on() default {"UNHANDLED_EXCEPTION"};
}
