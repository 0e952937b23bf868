package dev.perch.loadgen.measure;

/**
 * An open-loop schedule: {@code total} events at {@code ratePerSecond}, evenly spaced from
 * {@code startNanos}. Event {@code i} is due at {@code startNanos + i / rate}, whether or not earlier
 * events were answered, so a slow server cannot slow the offered load down (no coordinated
 * omission). Immutable.
 */
public final class Pacer {

  private final double nanosPerEvent;
  private final long total;
  private final long startNanos;

  public Pacer(double ratePerSecond, long total, long startNanos) {
    if (!(ratePerSecond > 0) || total < 0) {
      throw new IllegalArgumentException("rate must be positive and total not negative");
    }
    this.nanosPerEvent = 1e9 / ratePerSecond;
    this.total = total;
    this.startNanos = startNanos;
  }

  public long total() {
    return total;
  }

  /** When event {@code i} (0-based) is due, on the {@link System#nanoTime()} clock. */
  public long dueNanos(long i) {
    return startNanos + (long) Math.ceil(i * nanosPerEvent);
  }

  /** How many events are due at {@code nowNanos}: 0 before the start, at most {@code total}. */
  public long dueBy(long nowNanos) {
    if (nowNanos < startNanos) {
      return 0;
    }
    long due = (long) Math.floor((nowNanos - startNanos) / nanosPerEvent) + 1;
    return Math.min(total, due);
  }
}
