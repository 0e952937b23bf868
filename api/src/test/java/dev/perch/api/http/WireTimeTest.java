package dev.perch.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WireTimeTest {

  @Test
  void writesWhatInstantToStringWrites() {
    Random random = new Random(7);
    long now = Instant.parse("2026-12-02T03:41:38.123Z").toEpochMilli();
    for (int i = 0; i < 100_000; i++) {
      Instant instant = Instant.ofEpochMilli(now + random.nextInt(5_000) - (i % 3 == 0 ? random.nextInt(1_000) * 1_000L : 0));
      assertThat(WireTime.format(instant)).isEqualTo(instant.toString());
    }
  }

  @Test
  void writesWholeSecondsAndFinerInstantsAsInstantDoes() {
    for (String text : new String[] {"2026-12-02T03:41:38Z", "1970-01-01T00:00:00Z", "2026-12-02T03:41:38.000001Z",
        "2026-12-02T03:41:38.100Z", "2026-12-02T03:41:38.007Z", "+12026-01-01T00:00:00.500Z"}) {
      Instant instant = Instant.parse(text);
      assertThat(WireTime.format(instant)).isEqualTo(instant.toString());
    }
  }
}
