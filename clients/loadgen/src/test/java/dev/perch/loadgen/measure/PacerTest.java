package dev.perch.loadgen.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacerTest {

  private static final long START = 1_000_000_000L;

  @Test
  void nothingIsDueBeforeTheStartAndTheFirstEventIsDueAtIt() {
    Pacer pacer = new Pacer(1000, 10_000, START);

    assertThat(pacer.dueBy(START - 1)).isZero();
    assertThat(pacer.dueBy(START)).isEqualTo(1);
  }

  @Test
  void eventsAreEvenlySpacedAtTheRate() {
    Pacer pacer = new Pacer(1000, 10_000, START);

    assertThat(pacer.dueNanos(1)).isEqualTo(START + 1_000_000);
    assertThat(pacer.dueBy(START + 999_999)).isEqualTo(1);
    assertThat(pacer.dueBy(START + 1_000_000)).isEqualTo(2);
    assertThat(pacer.dueBy(START + 1_000_000_000)).isEqualTo(1001);
  }

  @Test
  void eachEventIsDueExactlyFromItsDueTimeAtFractionalSpacing() {
    Pacer pacer = new Pacer(3, 100, START);

    for (long i = 0; i < 100; i++) {
      assertThat(pacer.dueBy(pacer.dueNanos(i))).as("due at its time, event %d", i).isEqualTo(i + 1);
      if (i > 0) {
        assertThat(pacer.dueBy(pacer.dueNanos(i) - 1)).as("not due before, event %d", i).isEqualTo(i);
      }
    }
  }

  @Test
  void neverMoreThanTheTotalIsDue() {
    Pacer pacer = new Pacer(1000, 5, START);

    assertThat(pacer.dueBy(START + 60_000_000_000L)).isEqualTo(5);
  }

  @Test
  void aRateMustBePositive() {
    assertThatThrownBy(() -> new Pacer(0, 1, START)).isInstanceOf(IllegalArgumentException.class);
  }
}
