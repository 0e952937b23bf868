package dev.perch.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounded exponential backoff with jitter: before retry {@code n} (0 for the first) the ceiling is
 * {@code first * 2^n}, at most {@code max}, and the wait is drawn from its upper half, so clients
 * that failed together do not come back together, yet none waits less than half the ceiling.
 *
 * @param first the ceiling before the first retry
 * @param max the highest ceiling
 */
record Backoff(Duration first, Duration max) {

  Backoff {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(max, "max");
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < first <= max, got " + first + " and " + max);
    }
  }

  /**
   * The wait before retry {@code retry}.
   *
   * @param random a number in {@code [0, 1)} that places the wait in the ceiling's upper half
   */
  Duration delay(int retry, double random) {
    long ceiling = ceilingNanos(retry);
    return Duration.ofNanos(ceiling / 2 + (long) (random * (ceiling - ceiling / 2)));
  }

  private long ceilingNanos(int retry) {
    long maxNanos = max.toNanos();
    long ceiling = first.toNanos();
    for (int i = 0; i < retry && ceiling < maxNanos; i++) {
      ceiling = ceiling > maxNanos / 2 ? maxNanos : ceiling * 2;
    }
    return Math.min(ceiling, maxNanos);
  }
}
