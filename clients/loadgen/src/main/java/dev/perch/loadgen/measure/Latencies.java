package dev.perch.loadgen.measure;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A latency histogram in microseconds, 3 significant digits, up to 10 minutes; longer values are
 * recorded as 10 minutes. Recording is thread-safe and wait-free.
 */
public final class Latencies {

  private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final ConcurrentHistogram histogram = new ConcurrentHistogram(HIGHEST_MICROS, 3);

  /** Records one latency given in nanoseconds; negative values count as zero. */
  public void recordNanos(long nanos) {
    long micros = Math.max(0, nanos / 1_000);
    histogram.recordValue(Math.min(micros, HIGHEST_MICROS));
  }

  /** Percentiles of everything recorded so far. */
  public Summary summary() {
    Histogram copy = histogram.copy();
    return new Summary(
        copy.getTotalCount(),
        millis(copy.getValueAtPercentile(50)),
        millis(copy.getValueAtPercentile(95)),
        millis(copy.getValueAtPercentile(99)),
        millis(copy.getValueAtPercentile(99.9)),
        millis(copy.getMaxValue()));
  }

  private static double millis(long micros) {
    return micros / 1_000.0;
  }

  /** Latency percentiles in milliseconds; all zero when nothing was recorded. */
  public record Summary(long count, double p50Ms, double p95Ms, double p99Ms, double p999Ms, double maxMs) {}
}
