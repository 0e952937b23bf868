package dev.perch.loadgen.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void percentilesAreInMillisecondsToThreeDigits() {
    Latencies latencies = new Latencies();
    for (int ms = 1; ms <= 100; ms++) {
      latencies.recordNanos(ms * 1_000_000L);
    }

    Latencies.Summary summary = latencies.summary();

    assertThat(summary.count()).isEqualTo(100);
    assertThat(summary.p50Ms()).isCloseTo(50, within(0.1));
    assertThat(summary.p99Ms()).isCloseTo(99, within(0.1));
    assertThat(summary.maxMs()).isCloseTo(100, within(0.1));
  }

  @Test
  void negativeAndHugeValuesAreClamped() {
    Latencies latencies = new Latencies();
    latencies.recordNanos(-5);
    latencies.recordNanos(Long.MAX_VALUE);

    Latencies.Summary summary = latencies.summary();

    assertThat(summary.count()).isEqualTo(2);
    assertThat(summary.maxMs()).isCloseTo(600_000, within(600.0));
  }
}
