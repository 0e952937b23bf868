package dev.perch.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

  @Test
  void theCeilingDoublesFromTheFirstUpToTheMax() {
    assertThat(backoff.delay(0, 0.999999)).isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
    assertThat(backoff.delay(1, 0.999999)).isBetween(Duration.ofMillis(199), Duration.ofMillis(200));
    assertThat(backoff.delay(5, 0.999999)).isBetween(Duration.ofMillis(3199), Duration.ofMillis(3200));
    assertThat(backoff.delay(6, 0.999999)).isBetween(Duration.ofMillis(4999), Duration.ofSeconds(5));
    assertThat(backoff.delay(62, 0.999999)).isBetween(Duration.ofMillis(4999), Duration.ofSeconds(5));
  }

  @Test
  void eachWaitLiesInTheUpperHalfOfItsCeiling() {
    assertThat(backoff.delay(0, 0)).isEqualTo(Duration.ofMillis(50));
    assertThat(backoff.delay(3, 0)).isEqualTo(Duration.ofMillis(400));
    assertThat(backoff.delay(3, 0.5)).isEqualTo(Duration.ofMillis(600));
    assertThat(backoff.delay(20, 0)).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void aFirstCeilingAboveTheMaxIsRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
