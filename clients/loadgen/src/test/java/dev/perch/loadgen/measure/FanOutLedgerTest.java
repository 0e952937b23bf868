package dev.perch.loadgen.measure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.loadgen.measure.DeliveryLedger.Outcome;
import dev.perch.loadgen.measure.DeliveryLedger.Tally;
import org.junit.jupiter.api.Test;

class FanOutLedgerTest {

  private final FanOutLedger ledger = new FanOutLedger(3, 10);

  @Test
  void everyAcknowledgedMessageIsOwedToEveryMember() {
    ledger.published(0);
    ledger.published(1);
    assertThat(ledger.awaited()).isEqualTo(6);

    for (int member = 0; member < 3; member++) {
      assertThat(ledger.received(member, 0, 1, 0)).isEqualTo(Outcome.FIRST);
      assertThat(ledger.received(member, 1, 2, 0)).isEqualTo(Outcome.FIRST);
    }

    assertThat(ledger.awaited()).isZero();
    assertThat(ledger.tally()).isEqualTo(new Tally(6, 6, 0, 0, 0, 0));
  }

  @Test
  void aMemberThatMissesAMessageLosesOneDelivery() {
    ledger.published(4);
    ledger.received(0, 4, 1, 0);
    ledger.received(2, 4, 1, 0);

    assertThat(ledger.awaited()).isEqualTo(1);
    assertThat(ledger.tally()).isEqualTo(new Tally(3, 2, 1, 0, 0, 0));
  }

  @Test
  void aSecondReceiptIsADuplicate() {
    ledger.published(2);
    ledger.received(1, 2, 1, 0);

    assertThat(ledger.received(1, 2, 2, 0)).isEqualTo(Outcome.DUPLICATE);
    assertThat(ledger.tally().duplicates()).isEqualTo(1);
  }

  @Test
  void aMemberReceivingTheGroupsMessagesInAnotherOrderIsOutOfOrder() {
    ledger.published(0);
    ledger.published(1);
    ledger.received(0, 0, 1, 0);
    ledger.received(0, 1, 2, 0);
    ledger.received(1, 0, 1, 0);
    ledger.received(1, 1, 2, 0);
    ledger.received(2, 1, 1, 0);
    ledger.received(2, 0, 2, 0);

    assertThat(ledger.tally()).isEqualTo(new Tally(6, 6, 0, 0, 0, 1));
  }

  @Test
  void aReceiptAtAnEarlierPositionOfTheMembersStreamIsOutOfOrder() {
    ledger.published(0);
    ledger.published(1);
    ledger.received(1, 0, 5, 0);
    ledger.received(1, 1, 4, 0);

    assertThat(ledger.tally().outOfOrder()).isEqualTo(1);
  }

  @Test
  void receiptsOfUnacknowledgedMessagesAreCountedApart() {
    ledger.received(0, 3, 1, 0);

    assertThat(ledger.tally()).isEqualTo(new Tally(0, 0, 0, 1, 0, 0));
    assertThat(ledger.received(0, 10, 2, 0)).isEqualTo(Outcome.FOREIGN);
  }
}
