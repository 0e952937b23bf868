package dev.perch.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.model.ConversationId;
import dev.perch.model.Message;
import dev.perch.model.Update;
import dev.perch.model.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

  private static final long BUDGET = 1_000_000;

  private final MemoryBudget budget = new MemoryBudget(BUDGET);
  private final InMemoryUpdateStore updates = new InMemoryUpdateStore(10_000, budget);
  private final InMemoryMessageStore messages =
      new InMemoryMessageStore(10_000, Duration.ofHours(24), Clock.systemUTC(), budget);
  private final AtomicLong ids = new AtomicLong();

  @Test
  void fillingManyStreamsKeepsWhatIsRetainedWithinTheBudget() {
    long highWater = 0;
    int highWaterEntries = 0;
    for (int round = 0; round < 20; round++) {
      for (int user = 0; user < 500; user++) {
        send(UserId.of("a" + user), UserId.of("b" + user), "x".repeat(200));
      }
      highWater = Math.max(highWater, budget.usedBytes());
      highWaterEntries = Math.max(highWaterEntries, budget.entries());
      assertThat(budget.usedBytes()).isLessThanOrEqualTo(BUDGET);
    }
    int entriesAfterFilling = budget.entries();
    for (int more = 0; more < 20_000; more++) {
      send(UserId.of("c" + more % 3_000), UserId.of("d" + more % 3_000), "y".repeat(200));
    }

    assertThat(budget.usedBytes()).isLessThanOrEqualTo(BUDGET);
    assertThat(budget.entries()).isBetween(entriesAfterFilling / 2, highWaterEntries * 2);
    assertThat(highWater).isGreaterThan(BUDGET * 9 / 10);
  }

  @Test
  void theOldestDataGoesFirstAndACursorFromBeforeItReadsFromTheOldestKept() {
    UserId alice = UserId.of("alice");
    UserId bob = UserId.of("bob");
    int sends = (int) (BUDGET / (MemoryBudget.messageBytes("z".repeat(200)) + 2 * MemoryBudget.UPDATE_BYTES)) * 2;
    for (int i = 0; i < sends; i++) {
      send(alice, bob, "z".repeat(197) + String.format("%03d", i % 1000));
    }

    List<Update> fromZero = updates.readAfter(bob, 0, 10).collectList().block(Duration.ofSeconds(5));
    long head = updates.head(bob).block(Duration.ofSeconds(5));

    assertThat(head).isEqualTo(sends);
    assertThat(fromZero).isNotEmpty();
    assertThat(fromZero.get(0).seq()).isGreaterThan(sends / 3);
    assertThat(fromZero).extracting(Update::seq).isSorted();
    List<Message> history = messages.history(ConversationId.direct(alice, bob), Long.MAX_VALUE, 500)
        .collectList().block(Duration.ofSeconds(5));
    assertThat(history.get(0).id()).isEqualTo(ids.get());
    assertThat(history.get(history.size() - 1).id()).isGreaterThan(sends / 3);
  }

  @Test
  void aDroppedMessagesClientMsgIdIsForgottenWithIt() {
    UserId alice = UserId.of("alice");
    Message first = message(alice, UserId.of("bob"), "first", "key-1");
    assertThat(messages.save(first).block(Duration.ofSeconds(5)).created()).isTrue();
    IntStream.range(0, 5_000).forEach(i -> send(UserId.of("e" + i), UserId.of("f" + i), "x".repeat(200)));

    Message repeat = message(alice, UserId.of("bob"), "first again", "key-1");
    assertThat(messages.save(repeat).block(Duration.ofSeconds(5)).created()).isTrue();
  }

  private void send(UserId from, UserId to, String text) {
    Message message = message(from, to, text, null);
    messages.save(message).block(Duration.ofSeconds(5));
    updates.append(to, message).block(Duration.ofSeconds(5));
    updates.append(from, message).block(Duration.ofSeconds(5));
  }

  private Message message(UserId from, UserId to, String text, String clientMsgId) {
    return new Message(ids.incrementAndGet(), ConversationId.direct(from, to), from, to, text, clientMsgId,
        Instant.now());
  }
}
