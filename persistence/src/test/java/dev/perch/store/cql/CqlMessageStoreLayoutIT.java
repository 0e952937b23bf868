package dev.perch.store.cql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.perch.id.MessageIds;
import dev.perch.model.Conversation;
import dev.perch.model.ConversationId;
import dev.perch.model.Message;
import dev.perch.model.UserId;
import dev.perch.store.MessageStore.Saved;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the CQL layout adds to the message store contract: history pages across time buckets, the
 * newest message stays a conversation's last whatever order saves land in, and idempotency keys
 * expire after their window.
 */
class CqlMessageStoreLayoutIT {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(60));
  private static CqlTestKeyspace keyspace;

  @BeforeAll
  static void openKeyspace() {
    keyspace = CqlTestKeyspace.open();
  }

  @AfterAll
  static void dropKeyspace() {
    if (keyspace != null) {
      keyspace.close();
    }
  }

  @Test
  void historyPagesBackwardsAcrossBucketsSkippingUnusedOnes() {
    CqlMessageStore store = new CqlMessageStore(keyspace.session(), keyspace.options().withMessageBucketSpan(Duration.ofDays(1)));
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    List<Message> sent = new ArrayList<>();
    for (int day : new int[] {0, 0, 3, 3, 10, 40, 41}) {
      sent.add(message(alice, bob, BASE.plus(Duration.ofDays(day)).plusMillis(sent.size()), 1));
    }
    List<Message> shuffled = new ArrayList<>(sent);
    Collections.shuffle(shuffled, new Random(7));
    shuffled.forEach(m -> store.save(m).block(DEADLINE));
    ConversationId id = ConversationId.direct(alice, bob);
    assertThat(keyspace.session().execute(SimpleStatement.newInstance(
            "SELECT bucket FROM " + keyspace.options().keyspace() + ".message_buckets WHERE conversation_id = ?", id.value()))
        .all()).as("one bucket per day in use, none for the days between").hasSize(5);

    List<Message> page1 = store.history(id, Long.MAX_VALUE, 3).collectList().block(DEADLINE);
    assertThat(page1).containsExactly(sent.get(6), sent.get(5), sent.get(4));
    List<Message> page2 = store.history(id, page1.get(2).id(), 3).collectList().block(DEADLINE);
    assertThat(page2).containsExactly(sent.get(3), sent.get(2), sent.get(1));
    List<Message> page3 = store.history(id, page2.get(2).id(), 3).collectList().block(DEADLINE);
    assertThat(page3).containsExactly(sent.get(0));
    assertThat(store.history(id, sent.get(0).id(), 3).collectList().block(DEADLINE)).isEmpty();

    assertThat(store.history(id, sent.get(5).id(), 2).collectList().block(DEADLINE))
        .as("a page may start in the middle of a bucket").containsExactly(sent.get(4), sent.get(3));
    assertThat(store.conversation(alice, id).block(DEADLINE).lastMessage()).isEqualTo(sent.get(6));
  }

  @Test
  void theNewestMessageStaysLastWhateverOrderSavesLandIn() {
    CqlMessageStore store = new CqlMessageStore(keyspace.session(), keyspace.options());
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    Message older = message(alice, bob, BASE, 1);
    Message newer = message(bob, alice, BASE.plusSeconds(1), 1);

    store.save(newer).block(DEADLINE);
    store.save(older).block(DEADLINE);

    ConversationId id = ConversationId.direct(alice, bob);
    assertThat(store.conversation(alice, id).block(DEADLINE)).isEqualTo(new Conversation(id, bob, newer));
    assertThat(store.conversation(bob, id).block(DEADLINE)).isEqualTo(new Conversation(id, alice, newer));
    assertThat(store.history(id, Long.MAX_VALUE, 10).collectList().block(DEADLINE)).containsExactly(newer, older);
  }

  @Test
  void ofTwoMessagesInOneMillisecondTheLargerIdStaysLast() {
    CqlMessageStore store = new CqlMessageStore(keyspace.session(), keyspace.options());
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    Instant sameMillisecond = BASE.plusSeconds(5);
    Message fromNodeTwo = message(alice, bob, sameMillisecond, 2);
    Message fromNodeNine = message(bob, alice, sameMillisecond, 9);
    assertThat(fromNodeNine.id()).isGreaterThan(fromNodeTwo.id());

    store.save(fromNodeNine).block(DEADLINE);
    store.save(fromNodeTwo).block(DEADLINE);

    ConversationId id = ConversationId.direct(alice, bob);
    assertThat(store.conversation(alice, id).block(DEADLINE).lastMessage()).isEqualTo(fromNodeNine);
    assertThat(store.conversations(bob, 10).collectList().block(DEADLINE))
        .extracting(Conversation::lastMessage).containsExactly(fromNodeNine);
  }

  @Test
  void aNoteToSelfIsOneConversation() {
    CqlMessageStore store = new CqlMessageStore(keyspace.session(), keyspace.options());
    UserId alice = freshUser("alice");
    Message note = message(alice, alice, BASE, 1);
    store.save(note).block(DEADLINE);
    assertThat(store.conversations(alice, 10).collectList().block(DEADLINE))
        .containsExactly(new Conversation(ConversationId.direct(alice, alice), alice, note));
  }

  @Test
  void anIdempotencyKeyIsForgottenAfterItsWindow() {
    // TTLs count whole seconds: a 3 s window lasts at least 2 s, plenty for the repeat below.
    Duration window = Duration.ofSeconds(3);
    CqlMessageStore store = new CqlMessageStore(keyspace.session(), keyspace.options().withIdempotencyWindow(window));
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    Message first = message(alice, bob, Instant.now(), 1, "k-ttl");
    assertThat(store.save(first).block(DEADLINE)).isEqualTo(new Saved(first, true));
    assertThat(store.save(message(alice, bob, Instant.now(), 1, "k-ttl")).block(DEADLINE)).isEqualTo(new Saved(first, false));

    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(250))
        .until(() -> store.save(message(alice, bob, Instant.now(), 1, "k-ttl")).block(DEADLINE).created());
  }

  private static UserId freshUser(String name) {
    return UserId.of(name + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  private static Message message(UserId from, UserId to, Instant at, int node) {
    return message(from, to, at, node, null);
  }

  /** A message whose id encodes {@code at}, as node {@code node} would have issued it then. */
  private static Message message(UserId from, UserId to, Instant at, int node, String clientMsgId) {
    long id = new MessageIds(node, Clock.fixed(at, ZoneOffset.UTC)).next();
    return new Message(id, ConversationId.direct(from, to), from, to, "at " + at, clientMsgId, at.truncatedTo(ChronoUnit.MILLIS));
  }
}
