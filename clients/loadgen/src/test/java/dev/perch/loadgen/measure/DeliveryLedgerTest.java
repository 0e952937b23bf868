package dev.perch.loadgen.measure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.loadgen.measure.DeliveryLedger.Outcome;
import dev.perch.loadgen.measure.DeliveryLedger.Tally;
import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {

  private final DeliveryLedger ledger = new DeliveryLedger(2, 20);

  @Test
  void acknowledgedAndReceivedOnceInOrderIsDelivered() {
    ledger.published(0, 10);
    ledger.published(0, 11);
    assertThat(ledger.awaited()).isEqualTo(2);

    assertThat(ledger.received(0, 10, 1, 0)).isEqualTo(Outcome.FIRST);
    assertThat(ledger.received(0, 11, 2, 0)).isEqualTo(Outcome.FIRST);

    assertThat(ledger.awaited()).isZero();
    assertThat(ledger.tally()).isEqualTo(new Tally(2, 2, 0, 0, 0, 0));
  }

  @Test
  void aReceiptBeforeItsAcknowledgementIsReconciled() {
    ledger.received(1, 7, 1, 0);
    assertThat(ledger.awaited()).isZero();
    assertThat(ledger.tally().unacknowledged()).isEqualTo(1);

    ledger.published(1, 7);

    assertThat(ledger.awaited()).isZero();
    assertThat(ledger.tally()).isEqualTo(new Tally(1, 1, 0, 0, 0, 0));
  }

  @Test
  void anAcknowledgedMessageNeverReceivedIsLost() {
    ledger.published(0, 1);
    ledger.published(0, 2);
    ledger.received(0, 2, 2, 0);

    assertThat(ledger.awaited()).isEqualTo(1);
    assertThat(ledger.tally()).isEqualTo(new Tally(2, 1, 1, 0, 0, 0));
  }

  @Test
  void aSecondReceiptIsADuplicateAndCountsOnce() {
    ledger.published(0, 1);
    ledger.received(0, 1, 1, 0);

    assertThat(ledger.received(0, 1, 1, 0)).isEqualTo(Outcome.DUPLICATE);
    assertThat(ledger.tally()).isEqualTo(new Tally(1, 1, 0, 0, 1, 0));
  }

  @Test
  void aPositionNotAfterThePreviousOneIsOutOfOrder() {
    for (long id = 1; id <= 3; id++) {
      ledger.published(0, id);
    }
    ledger.received(0, 1, 5, 0);
    ledger.received(0, 2, 4, 0);
    ledger.received(0, 3, 6, 0);

    assertThat(ledger.tally().outOfOrder()).isEqualTo(1);
    assertThat(ledger.tally().delivered()).isEqualTo(3);
  }

  @Test
  void aLaterMajorOutranksAnyMinor() {
    ledger.published(0, 1);
    ledger.published(0, 2);
    ledger.received(0, 1, 5, 9 << 16);
    ledger.received(0, 2, 6, 0);

    assertThat(ledger.tally().outOfOrder()).isZero();
  }

  @Test
  void anIdOutsideTheRunIsForeign() {
    assertThat(ledger.received(0, 20, 1, 0)).isEqualTo(Outcome.FOREIGN);
    assertThat(ledger.received(0, -1, 1, 0)).isEqualTo(Outcome.FOREIGN);
    assertThat(ledger.tally()).isEqualTo(new Tally(0, 0, 0, 0, 0, 0));
  }

  @Test
  void recipientsAreAccountedApart() {
    ledger.published(0, 1);
    ledger.received(1, 1, 1, 0);

    Tally tally = ledger.tally();
    assertThat(tally.lost()).isEqualTo(1);
    assertThat(tally.unacknowledged()).isEqualTo(1);
    assertThat(tally.delivered()).isZero();
  }
}
