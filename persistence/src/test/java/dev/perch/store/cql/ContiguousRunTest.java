package dev.perch.store.cql;

import static dev.perch.store.cql.ContiguousRun.Step.EMIT;
import static dev.perch.store.cql.ContiguousRun.Step.SKIP;
import static dev.perch.store.cql.ContiguousRun.Step.STOP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContiguousRunTest {

  private static final Duration HOLE_TIMEOUT = Duration.ofSeconds(5);
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final Instant FRESH = NOW.minusMillis(100);
  private static final Instant OLD = NOW.minus(HOLE_TIMEOUT).minusMillis(1);

  @Test
  void rowsFollowingTheCursorWithoutAGapAreReturned() {
    ContiguousRun run = new ContiguousRun(4, NOW, HOLE_TIMEOUT);
    assertThat(run.next(5, FRESH, false)).isEqualTo(EMIT);
    assertThat(run.next(6, FRESH, false)).isEqualTo(EMIT);
    assertThat(run.next(7, FRESH, false)).isEqualTo(EMIT);
  }

  @Test
  void aHoleBeforeAFreshRowEndsTheRun() {
    ContiguousRun run = new ContiguousRun(4, NOW, HOLE_TIMEOUT);
    assertThat(run.next(5, FRESH, false)).isEqualTo(EMIT);
    assertThat(run.next(7, FRESH, false)).isEqualTo(STOP);
  }

  @Test
  void aHoleRightAfterTheCursorEndsTheRunBeforeItStarts() {
    assertThat(new ContiguousRun(0, NOW, HOLE_TIMEOUT).next(2, FRESH, false)).isEqualTo(STOP);
  }

  @Test
  void aHoleIsCrossedOnceTheRowAfterItIsOlderThanTheHoleTimeout() {
    ContiguousRun run = new ContiguousRun(4, NOW, HOLE_TIMEOUT);
    assertThat(run.next(9, OLD, false)).isEqualTo(EMIT);
    assertThat(run.next(10, FRESH, false)).isEqualTo(EMIT);
    assertThat(run.next(12, FRESH, false)).isEqualTo(STOP);
  }

  @Test
  void aRowExactlyHoleTimeoutOldDoesNotYetOpenTheHole() {
    ContiguousRun run = new ContiguousRun(0, NOW, HOLE_TIMEOUT);
    assertThat(run.next(2, NOW.minus(HOLE_TIMEOUT), false)).isEqualTo(STOP);
  }

  @Test
  void skipMarkersContinueTheRunButAreNotReturned() {
    ContiguousRun run = new ContiguousRun(0, NOW, HOLE_TIMEOUT);
    assertThat(run.next(1, FRESH, true)).isEqualTo(SKIP);
    assertThat(run.next(2, FRESH, false)).isEqualTo(EMIT);
    assertThat(run.next(3, FRESH, true)).isEqualTo(SKIP);
    assertThat(run.next(4, FRESH, true)).isEqualTo(SKIP);
    assertThat(run.next(5, FRESH, false)).isEqualTo(EMIT);
  }

  @Test
  void aFreshSkipMarkerAfterAHoleStillWaitsForTheHole() {
    ContiguousRun run = new ContiguousRun(0, NOW, HOLE_TIMEOUT);
    assertThat(run.next(2, FRESH, true)).isEqualTo(STOP);
  }

  @Test
  void expiredHistoryBeforeTheOldestRetainedRowIsCrossed() {
    ContiguousRun run = new ContiguousRun(0, NOW, HOLE_TIMEOUT);
    assertThat(run.next(1_000_001, NOW.minus(Duration.ofDays(29)), false)).isEqualTo(EMIT);
  }

  @Test
  void rowsAtOrBelowTheCursorAreABug() {
    ContiguousRun run = new ContiguousRun(4, NOW, HOLE_TIMEOUT);
    assertThatThrownBy(() -> run.next(4, FRESH, false)).isInstanceOf(IllegalArgumentException.class);
  }
}
