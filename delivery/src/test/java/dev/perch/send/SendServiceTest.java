package dev.perch.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.bus.InProcessDeliveryBus;
import dev.perch.error.InvalidRequestException;
import dev.perch.error.UnavailableException;
import dev.perch.id.MessageIds;
import dev.perch.model.ConversationId;
import dev.perch.model.Update;
import dev.perch.model.UserId;
import dev.perch.store.memory.InMemoryGroupStore;
import dev.perch.store.memory.InMemoryMessageStore;
import dev.perch.store.memory.InMemoryUpdateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

class SendServiceTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);
  private static final UserId ALICE = UserId.of("alice");
  private static final UserId BOB = UserId.of("bob");

  private final InMemoryMessageStore messages = new InMemoryMessageStore(1_000, Duration.ofHours(24), Clock.systemUTC());
  private final InMemoryUpdateStore updates = new InMemoryUpdateStore(1_000);
  private final Queue<String> wakes = new ConcurrentLinkedQueue<>();
  private final SendService sends = new SendService(messages, updates,
      new InProcessDeliveryBus((user, seq) -> wakes.add(user + "@" + seq)), new MessageIds(1, Clock.systemUTC()),
      Clock.systemUTC());

  @Test
  void storesTheMessageAppendsItToBothStreamsThenWakesBoth() {
    Sent sent = sends.send(new OutgoingMessage(ALICE, BOB, "hi", "c1"), Schedulers.parallel()).block(DEADLINE);

    assertThat(sent.created()).isTrue();
    assertThat(sent.message().conversationId()).isEqualTo(ConversationId.direct(ALICE, BOB));
    assertThat(messages.history(sent.message().conversationId(), Long.MAX_VALUE, 10).collectList().block(DEADLINE))
        .containsExactly(sent.message());
    for (UserId user : List.of(ALICE, BOB)) {
      assertThat(updates.readAfter(user, 0, 10).collectList().block(DEADLINE))
          .extracting(Update::message).containsExactly(sent.message());
    }
    assertThat(wakes).containsExactlyInAnyOrder("alice@1", "bob@1");
  }

  @Test
  void aRepeatedClientMsgIdReturnsTheFirstMessageWithoutNewUpdates() {
    Sent first = sends.send(new OutgoingMessage(ALICE, BOB, "hi", "c1"), Schedulers.parallel()).block(DEADLINE);
    Sent repeat = sends.send(new OutgoingMessage(ALICE, BOB, "hi", "c1"), Schedulers.parallel()).block(DEADLINE);

    assertThat(repeat).isEqualTo(new Sent(first.message(), false));
    assertThat(updates.head(BOB).block(DEADLINE)).isEqualTo(1);
  }

  @Test
  void anAttemptWhoseAppendFailsIsAcknowledgedOwedAndFinishedByASweepExactlyOnce() {
    SettableClock clock = new SettableClock(Instant.parse("2026-11-27T12:00:00Z"));
    SendService flaky = new SendService(messages, new FlakyUpdateStore(updates, BOB, 1),
        new InProcessDeliveryBus((user, seq) -> wakes.add(user + "@" + seq)), new MessageIds(1, clock), clock);
    OwedDeliverySweeper sweeper = new OwedDeliverySweeper(messages, flaky, noGroups(), Duration.ofSeconds(1),
        Schedulers.parallel(), shard -> true);
    OutgoingMessage outgoing = new OutgoingMessage(ALICE, BOB, "eventually", "c-flaky");

    Sent sent = flaky.send(outgoing, Schedulers.parallel()).block(DEADLINE);
    assertThat(sent.created()).isTrue();
    assertThat(messages.owedDeliveries(shard -> true, 10).collectList().block(DEADLINE)).containsExactly(sent.message());
    assertThat(updates.head(BOB).block(DEADLINE)).isZero();

    assertThat(flaky.send(outgoing, Schedulers.parallel()).block(DEADLINE))
        .as("while the first attempt may still be appending, a repeat answers without appending a second copy")
        .isEqualTo(new Sent(sent.message(), false));
    assertThat(sweeper.sweep().block(DEADLINE)).as("nor does a sweep").isZero();
    assertThat(updates.head(BOB).block(DEADLINE)).isZero();

    clock.advance(SendService.IN_FLIGHT);
    assertThat(messages.leaseDelivery(sent.message(), Duration.ofMillis(300)).block(DEADLINE)).isTrue();
    assertThat(sweeper.sweep().block(DEADLINE)).as("another node holds the delivery lease").isZero();

    Awaitility.await().atMost(DEADLINE).until(() -> sweeper.sweep().block(DEADLINE) == 1);
    assertThat(messages.owedDeliveries(shard -> true, 10).collectList().block(DEADLINE)).isEmpty();
    assertThat(sweeper.sweep().block(DEADLINE)).isZero();
    assertThat(flaky.send(outgoing, Schedulers.parallel()).block(DEADLINE)).isEqualTo(new Sent(sent.message(), false));
    for (UserId user : List.of(ALICE, BOB)) {
      assertThat(updates.readAfter(user, 0, 10).collectList().block(DEADLINE))
          .extracting(Update::message).containsExactly(sent.message());
    }
    assertThat(wakes).contains("bob@1");
  }

  @Test
  void aSendFailsOnlyWhenItsDeliveryCanBeNeitherAppendedNorOwed() {
    SettableClock clock = new SettableClock(Instant.parse("2026-11-27T12:00:00Z"));
    SendService flaky = new SendService(new UnowingMessageStore(messages), new FlakyUpdateStore(updates, BOB, 1),
        new InProcessDeliveryBus((user, seq) -> wakes.add(user + "@" + seq)), new MessageIds(1, clock), clock);
    OutgoingMessage outgoing = new OutgoingMessage(ALICE, BOB, "eventually", "c-unowed");

    assertThatThrownBy(() -> flaky.send(outgoing, Schedulers.parallel()).block(DEADLINE))
        .isInstanceOf(UnavailableException.class).hasFieldOrPropertyWithValue("code", "delivery_unavailable");
    assertThatThrownBy(() -> flaky.send(outgoing, Schedulers.parallel()).block(DEADLINE))
        .as("while the first attempt may still be appending, a repeat does not append a second copy")
        .isInstanceOf(UnavailableException.class).hasFieldOrPropertyWithValue("code", "send_in_progress");

    clock.advance(SendService.IN_FLIGHT);
    Sent repeat = flaky.send(outgoing, Schedulers.parallel()).block(DEADLINE);
    assertThat(repeat.created()).isFalse();
    for (UserId user : List.of(ALICE, BOB)) {
      assertThat(updates.readAfter(user, 0, 10).collectList().block(DEADLINE))
          .extracting(Update::message).containsExactly(repeat.message());
    }
  }

  @Test
  void aNoteToSelfIsOneUpdate() {
    sends.send(new OutgoingMessage(ALICE, ALICE, "note", null), Schedulers.parallel()).block(DEADLINE);
    assertThat(updates.head(ALICE).block(DEADLINE)).isEqualTo(1);
  }

  @Test
  void rejectsBlankTooLongTextAndBadClientMsgIds() {
    assertThatThrownBy(() -> new OutgoingMessage(ALICE, BOB, "  ", null))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("code", "text_required");
    assertThatThrownBy(() -> new OutgoingMessage(ALICE, BOB, "x".repeat(4097), null))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("code", "text_too_long");
    assertThat(new OutgoingMessage(ALICE, BOB, "😀".repeat(4096), null).text()).hasSize(8192);
    assertThatThrownBy(() -> new OutgoingMessage(ALICE, BOB, "hi", "has space"))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("code", "invalid_client_msg_id");
  }

  /** A relay for sweeps of 1-1 messages only: no group is ever triggered. */
  private GroupRelay noGroups() {
    return new GroupRelay(messages, updates, new InMemoryGroupStore(), new InProcessGroupLeases(Clock.systemUTC()),
        new FanOut(updates, new InProcessDeliveryBus((user, seq) -> { })));
  }
}
