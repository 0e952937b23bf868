package dev.perch.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.bus.InProcessDeliveryBus;
import dev.perch.id.MessageIds;
import dev.perch.model.ConversationId;
import dev.perch.model.Message;
import dev.perch.model.Update;
import dev.perch.model.UserId;
import dev.perch.store.MessageStore;
import dev.perch.store.memory.InMemoryGroupStore;
import dev.perch.store.memory.InMemoryMessageStore;
import dev.perch.store.memory.InMemoryUpdateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

class OwedDeliverySweeperTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);
  private static final UserId ALICE = UserId.of("alice");
  private static final UserId BOB = UserId.of("bob");
  private static final UserId CAROL = UserId.of("carol");

  private final MessageIds ids = new MessageIds(1, Clock.systemUTC());
  private final InMemoryMessageStore messages = new InMemoryMessageStore(1_000, Duration.ofHours(24), Clock.systemUTC());
  private final InMemoryUpdateStore updates = new InMemoryUpdateStore(1_000);
  private final SendService sends = new SendService(messages, updates, new InProcessDeliveryBus((user, seq) -> { }),
      ids, Clock.systemUTC());

  /** A message saved and owed long enough ago that no first attempt can still be appending it. */
  private Message owed(UserId from, UserId to, String text) {
    Instant past = Instant.now().minus(SendService.IN_FLIGHT.multipliedBy(2)).truncatedTo(ChronoUnit.MILLIS);
    Message message = new Message(ids.next(), ConversationId.direct(from, to), from, to, text, null, past);
    messages.save(message).block(DEADLINE);
    messages.oweDelivery(message).block(DEADLINE);
    return message;
  }

  @Test
  void aMessageThatCannotBeFinishedHoldsBackTheRestOfItsConversationOnly() {
    Message first = owed(ALICE, BOB, "first");
    Message second = owed(ALICE, BOB, "second");
    Message toCarol = owed(ALICE, CAROL, "to carol");
    assertThat(messages.leaseDelivery(first, Duration.ofMillis(300)).block(DEADLINE)).isTrue();
    OwedDeliverySweeper sweeper = new OwedDeliverySweeper(messages, sends, noGroups(), Duration.ofSeconds(1),
        Schedulers.parallel(), shard -> true);

    assertThat(sweeper.outstanding()).isZero();
    assertThat(sweeper.sweep().block(DEADLINE)).isEqualTo(1);
    assertThat(sweeper.outstanding()).isEqualTo(2);
    assertThat(messages.owedDeliveries(shard -> true, 10).collectList().block(DEADLINE)).containsExactly(first, second);
    assertThat(updates.readAfter(CAROL, 0, 10).map(Update::message).collectList().block(DEADLINE))
        .containsExactly(toCarol);
    assertThat(updates.head(BOB).block(DEADLINE)).isZero();

    Awaitility.await().atMost(DEADLINE).until(() -> sweeper.sweep().block(DEADLINE) == 2);
    assertThat(updates.readAfter(BOB, 0, 10).map(Update::message).collectList().block(DEADLINE))
        .containsExactly(first, second);
    assertThat(messages.owedDeliveries(shard -> true, 10).collectList().block(DEADLINE)).isEmpty();
    assertThat(sweeper.outstanding()).isZero();
  }

  @Test
  void onceStartedItSweepsEveryIntervalUntilStopped() {
    OwedDeliverySweeper sweeper = new OwedDeliverySweeper(messages, sends, noGroups(), Duration.ofMillis(20),
        Schedulers.parallel(), shard -> true);
    sweeper.start();
    sweeper.start();
    try {
      Message message = owed(ALICE, BOB, "swept");
      Awaitility.await().atMost(DEADLINE).until(() -> messages.owedDeliveries(shard -> true, 10).collectList().block(DEADLINE).isEmpty());
      assertThat(updates.readAfter(BOB, 0, 10).map(Update::message).collectList().block(DEADLINE))
          .containsExactly(message);
    } finally {
      sweeper.stop();
    }
    owed(ALICE, CAROL, "not swept");
    Awaitility.await().during(Duration.ofMillis(200)).atMost(DEADLINE)
        .until(() -> messages.owedDeliveries(shard -> true, 10).collectList().block(DEADLINE).size() == 1);
  }

  @Test
  void aSweepFinishesOnlyTheShardsThisNodeOwns() {
    Message mine = owed(ALICE, BOB, "mine");
    int myShard = MessageStore.owedShard(mine.conversationId());
    UserId other = IntStream.range(0, 1_000).mapToObj(i -> UserId.of("user-" + i))
        .filter(user -> MessageStore.owedShard(ConversationId.direct(ALICE, user)) != myShard)
        .findFirst().orElseThrow();
    Message theirs = owed(ALICE, other, "theirs");
    OwedDeliverySweeper sweeper = new OwedDeliverySweeper(messages, sends, noGroups(), Duration.ofSeconds(1),
        Schedulers.parallel(), shard -> shard == myShard);

    assertThat(sweeper.sweep().block(DEADLINE)).isEqualTo(1);
    assertThat(messages.owedDeliveries(shard -> true, 10).collectList().block(DEADLINE)).containsExactly(theirs);
    assertThat(sweeper.outstanding()).isZero();
  }

  /** A relay for sweeps of 1-1 messages only: no group is ever triggered. */
  private GroupRelay noGroups() {
    return new GroupRelay(messages, updates, new InMemoryGroupStore(), new InProcessGroupLeases(Clock.systemUTC()),
        new FanOut(updates, new InProcessDeliveryBus((user, seq) -> { })));
  }
}
