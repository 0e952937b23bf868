package dev.perch.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StreamPositionTest {

  @Test
  void theCursorFollowsEachAnswer() {
    StreamPosition position = new StreamPosition(0L);
    assertThat(position.advance(batch(2, 1, 2))).extracting(Update::seq).containsExactly(1L, 2L);
    assertThat(position.cursor()).isEqualTo(2L);
    assertThat(position.advance(batch(2))).isEmpty();
    assertThat(position.cursor()).isEqualTo(2L);
    assertThat(position.advance(batch(9, 5, 9))).extracting(Update::seq).containsExactly(5L, 9L);
    assertThat(position.cursor()).isEqualTo(9L);
  }

  @Test
  void fromTheHeadTheFirstAnswerSetsTheCursor() {
    StreamPosition position = new StreamPosition(null);
    assertThat(position.cursor()).isNull();
    assertThat(position.advance(batch(41))).isEmpty();
    assertThat(position.cursor()).isEqualTo(41L);
  }

  @Test
  void updatesRepeatedOrBehindAreNotEmittedAgain() {
    StreamPosition position = new StreamPosition(3L);
    assertThat(position.advance(batch(6, 2, 3, 4, 6))).extracting(Update::seq).containsExactly(4L, 6L);
    assertThat(position.advance(batch(7, 4, 6, 5, 7))).extracting(Update::seq).containsExactly(7L);
  }

  @Test
  void theCursorNeverMovesBack() {
    StreamPosition position = new StreamPosition(10L);
    assertThat(position.advance(batch(4))).isEmpty();
    assertThat(position.cursor()).isEqualTo(10L);
  }

  @Test
  void aCursorPastTheLastUpdateIsKept() {
    StreamPosition position = new StreamPosition(1L);
    position.advance(batch(8, 2));
    assertThat(position.cursor()).isEqualTo(8L);
  }

  private static UpdateBatch batch(long cursor, long... seqs) {
    return new UpdateBatch(cursor, Arrays.stream(seqs)
        .mapToObj(seq -> Update.of(seq, new Message(seq, "a.b", "a", "b", "m" + seq, null, Instant.EPOCH)))
        .toList());
  }
}
