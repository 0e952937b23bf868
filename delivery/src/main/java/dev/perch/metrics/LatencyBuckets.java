package dev.perch.metrics;

import java.time.Duration;

/**
 * The histogram buckets of Perch's latency timers: a dozen fixed bounds from 1 ms to 5 s, cheap to
 * record into and to scrape, and enough to read a p99 against the targets of docs/benchmarks.md.
 */
public final class LatencyBuckets {

  public static final Duration[] BOUNDS = {
      Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)};

  private LatencyBuckets() {}
}
