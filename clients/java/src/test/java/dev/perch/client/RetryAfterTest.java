package dev.perch.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  @Test
  void delaySecondsAreReadAsSeconds() {
    assertThat(RetryAfter.parse("1", NOW)).isEqualTo(Duration.ofSeconds(1));
    assertThat(RetryAfter.parse(" 30 ", NOW)).isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("0", NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void anHttpDateIsTheTimeUntilThenAndNeverNegative() {
    assertThat(RetryAfter.parse("Wed, 02 Dec 2026 12:00:07 GMT", NOW)).isEqualTo(Duration.ofSeconds(7));
    assertThat(RetryAfter.parse("Wed, 02 Dec 2026 11:59:00 GMT", NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void anAbsentOrUnreadableHeaderIsNone() {
    assertThat(RetryAfter.parse(null, NOW)).isNull();
    assertThat(RetryAfter.parse("", NOW)).isNull();
    assertThat(RetryAfter.parse("-1", NOW)).isNull();
    assertThat(RetryAfter.parse("soon", NOW)).isNull();
  }

  @Test
  void anEnormousNumberIsCappedRatherThanOverflowing() {
    assertThat(RetryAfter.parse("99999999999999999999", NOW)).isEqualTo(Duration.ofSeconds(999_999_999));
  }
}
