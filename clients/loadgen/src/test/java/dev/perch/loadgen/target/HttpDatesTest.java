package dev.perch.loadgen.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class HttpDatesTest {

  @Test
  void readsImfFixdatesAsTheJdkDoes() {
    for (long seconds = 1; seconds < 4_200_000_000L; seconds += 86_399_917L) {
      String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochSecond(seconds).atOffset(ZoneOffset.UTC));
      String fixdate = date.length() == 28 ? date.substring(0, 5) + "0" + date.substring(5) : date;

      assertThat(HttpDates.epochSeconds(fixdate)).as(fixdate).isEqualTo(seconds);
    }
  }

  @Test
  void readsNchansDatesAndOtherForms() {
    assertThat(HttpDates.epochSeconds("Fri, 27 Nov 2026 21:03:34 GMT")).isEqualTo(1_795_813_414L);
    assertThat(HttpDates.epochSeconds(NchanInbox.OLDEST_TIME)).isEqualTo(1);
    assertThat(HttpDates.epochSeconds("Fri, 27 Nov 2026 22:03:34 +0100")).isEqualTo(1_795_813_414L);
  }
}
