package dev.perch.loadgen.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NchanInboxTest {

  private static final String DATE = "Fri, 27 Nov 2026 21:03:34 GMT";
  private static final long SECONDS = 1_795_813_414L;

  @Test
  void oneMessageIsTheWholeBody() {
    assertThat(NchanInbox.items("lg:1:5", DATE, "0"))
        .containsExactly(new Received("lg:1:5", new Position(SECONDS, 0)));
  }

  @Test
  void severalMessagesAreNewlineSeparatedInOrder() {
    List<Received> items = NchanInbox.items("lg:1:5\nlg:2:6\n", DATE, "3");

    assertThat(items).extracting(Received::payload).containsExactly("lg:1:5", "lg:2:6");
    assertThat(items.get(0).position()).isLessThan(items.get(1).position());
    assertThat(items.get(1).position()).isEqualTo(new Position(SECONDS, (3L << 16) | 1));
  }

  @Test
  void aLaterAnswerIsPlacedAfterEveryMessageOfAnEarlierOne() {
    List<Received> earlier = NchanInbox.items("a\nb\nc", DATE, "3");
    List<Received> later = NchanInbox.items("d", DATE, "4");
    List<Received> nextSecond = NchanInbox.items("e", "Fri, 27 Nov 2026 21:03:35 GMT", "0");

    assertThat(later.get(0).position()).isGreaterThan(earlier.get(2).position());
    assertThat(nextSecond.get(0).position()).isGreaterThan(later.get(0).position());
  }

  @Test
  void theStartingPointIsBeforeAnyMessage() {
    assertThat(NchanInbox.items("x", NchanInbox.OLDEST_TIME, "0").get(0).position().major()).isEqualTo(1);
  }
}
