package dev.perch.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.model.ConversationId;
import dev.perch.model.Message;
import dev.perch.model.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ConversationLogTest {

  private static final UserId ALICE = UserId.of("alice");
  private static final UserId BOB = UserId.of("bob");

  @Test
  void keepsTheNewestMessagesInIdOrderAsItWrapsAround() {
    ConversationLog log = new ConversationLog(5);
    for (long id = 1; id <= 23; id++) {
      log.add(message(id));
    }
    assertThat(ids(log.before(Long.MAX_VALUE, 10))).containsExactly(23L, 22L, 21L, 20L, 19L);
    assertThat(log.last().id()).isEqualTo(23);
  }

  @Test
  void placesALateMessageByItsIdAndDropsOneOlderThanAFullLogHolds() {
    ConversationLog log = new ConversationLog(4);
    log.add(message(10));
    log.add(message(30));
    log.add(message(20));
    log.add(message(40));
    log.add(message(5));
    assertThat(ids(log.before(Long.MAX_VALUE, 10))).containsExactly(40L, 30L, 20L, 10L);
    log.add(message(25));
    assertThat(ids(log.before(Long.MAX_VALUE, 10))).containsExactly(40L, 30L, 25L, 20L);
  }

  @Test
  void anAddOfAnIdItHoldsReplacesThatMessage() {
    ConversationLog log = new ConversationLog(4);
    log.add(message(1));
    log.add(message(2));
    Message again = new Message(1, ConversationId.direct(ALICE, BOB), ALICE, BOB, "again", null, Instant.EPOCH);
    log.add(again);
    assertThat(log.before(Long.MAX_VALUE, 10)).extracting(Message::text).containsExactly("m2", "again");
  }

  @Test
  void pagesBackwardsFromBeforeAnId() {
    ConversationLog log = new ConversationLog(100);
    for (long id = 10; id <= 100; id += 10) {
      log.add(message(id));
    }
    assertThat(ids(log.before(55, 3))).containsExactly(50L, 40L, 30L);
    assertThat(ids(log.before(50, 3))).containsExactly(40L, 30L, 20L);
    assertThat(ids(log.before(10, 3))).isEmpty();
  }

  @Test
  void removesAnyMessageByIdAndStaysOrdered() {
    ConversationLog log = new ConversationLog(8);
    for (long id = 1; id <= 10; id++) {
      log.add(message(id));
    }
    log.remove(3);
    log.remove(5);
    log.remove(7);
    log.remove(99);
    assertThat(ids(log.before(Long.MAX_VALUE, 10))).containsExactly(10L, 9L, 8L, 6L, 4L);
    log.remove(10);
    assertThat(log.last().id()).isEqualTo(9);
  }

  @Test
  void agreesWithASortedMapOverRandomAddsAndRemoves() {
    Random random = new Random(42);
    ConversationLog log = new ConversationLog(50);
    TreeMap<Long, Message> expected = new TreeMap<>();
    for (int step = 0; step < 20_000; step++) {
      long id = random.nextInt(400);
      if (random.nextInt(4) == 0) {
        log.remove(id);
        expected.remove(id);
      } else {
        log.add(message(id));
        expected.put(id, message(id));
        if (expected.size() > 50) {
          expected.pollFirstEntry();
        }
      }
      long before = random.nextInt(420);
      assertThat(ids(log.before(before, 7)))
          .isEqualTo(ids(new ArrayList<>(expected.headMap(before, false).descendingMap().values())).stream()
              .limit(7).toList());
    }
  }

  private static Message message(long id) {
    return new Message(id, ConversationId.direct(ALICE, BOB), ALICE, BOB, "m" + id, null, Instant.EPOCH);
  }

  private static List<Long> ids(List<Message> messages) {
    return messages.stream().map(Message::id).toList();
  }
}
