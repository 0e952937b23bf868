package dev.perch.client;

import java.time.Duration;

/**
 * Which failures a repeatable call retries, and how long it waits first. Retried: no answer
 * (refused, reset, timed out), 408, 429 and every 5xx (Perch's 503s, a proxy's 502 or 504). Not
 * retried: any other status, a second 401 included. The wait is the backoff, or the answer's
 * {@code Retry-After} when that is longer (capped at {@code longestRetryAfter}).
 */
final class RetryPolicy {

  private final Backoff backoff;
  private final Duration longestRetryAfter;

  RetryPolicy(Backoff backoff, Duration longestRetryAfter) {
    this.backoff = backoff;
    this.longestRetryAfter = longestRetryAfter;
  }

  static boolean retryable(PerchException failure) {
    int status = failure.status();
    return status == 0 || status == 408 || status == 429 || status >= 500;
  }

  /** Whether another node may do better: no answer, or a 5xx (a node stopping, its store down). */
  static boolean movesNode(int status) {
    return status == 0 || status >= 500;
  }

  /**
   * The wait before retry {@code retry} (0 for the first) after {@code failure}.
   *
   * @param random a number in {@code [0, 1)} for the backoff's jitter
   */
  Duration delay(PerchException failure, int retry, double random) {
    Duration wait = backoff.delay(retry, random);
    Duration asked = failure.retryAfter();
    if (asked == null) {
      return wait;
    }
    Duration capped = asked.compareTo(longestRetryAfter) > 0 ? longestRetryAfter : asked;
    return capped.compareTo(wait) > 0 ? capped : wait;
  }
}
