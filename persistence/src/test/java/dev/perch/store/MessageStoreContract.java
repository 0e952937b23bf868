package dev.perch.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.id.MessageIds;
import dev.perch.model.Conversation;
import dev.perch.model.ConversationId;
import dev.perch.model.Message;
import dev.perch.model.ReadMarker;
import dev.perch.model.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * What every {@link MessageStore} must do. Each test uses fresh user ids, so implementations may
 * share one store (one keyspace) across tests.
 */
public abstract class MessageStoreContract {

  protected static final Duration DEADLINE = Duration.ofSeconds(10);
  private final MessageIds ids = new MessageIds(1, Clock.systemUTC());

  /** The store under test; the same instance may be returned by every call. */
  protected abstract MessageStore store();

  protected static UserId freshUser(String name) {
    return UserId.of(name + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  protected Message message(UserId from, UserId to, String text, String clientMsgId) {
    return new Message(ids.next(), ConversationId.direct(from, to), from, to, text, clientMsgId,
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  protected Message save(Message message) {
    return store().save(message).block(DEADLINE).message();
  }

  @Test
  void historyIsNewestFirstAndPagesBackwards() {
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    List<Message> sent = IntStream.range(0, 7)
        .mapToObj(i -> save(message(i % 2 == 0 ? alice : bob, i % 2 == 0 ? bob : alice, "m" + i, null)))
        .toList();
    ConversationId id = ConversationId.direct(alice, bob);

    List<Message> firstPage = store().history(id, Long.MAX_VALUE, 3).collectList().block(DEADLINE);
    assertThat(firstPage).containsExactly(sent.get(6), sent.get(5), sent.get(4));

    List<Message> secondPage = store().history(id, firstPage.get(2).id(), 3).collectList().block(DEADLINE);
    assertThat(secondPage).containsExactly(sent.get(3), sent.get(2), sent.get(1));

    List<Message> lastPage = store().history(id, secondPage.get(2).id(), 3).collectList().block(DEADLINE);
    assertThat(lastPage).containsExactly(sent.get(0));
  }

  @Test
  void historyOfUnknownConversationIsEmpty() {
    ConversationId id = ConversationId.direct(freshUser("a"), freshUser("b"));
    StepVerifier.create(store().history(id, Long.MAX_VALUE, 10)).expectComplete().verify(DEADLINE);
  }

  @Test
  void conversationsListNewestFirstWithPeerAndLastMessage() {
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    UserId carol = freshUser("carol");
    save(message(alice, bob, "to bob", null));
    Message toCarol = save(message(carol, alice, "from carol", null));
    Message latest = save(message(alice, bob, "bob again", null));

    List<Conversation> list = store().conversations(alice, 10).collectList().block(DEADLINE);
    assertThat(list).extracting(Conversation::peer).containsExactly(bob, carol);
    assertThat(list).extracting(Conversation::lastMessage).containsExactly(latest, toCarol);

    assertThat(store().conversations(alice, 1).collectList().block(DEADLINE))
        .extracting(Conversation::peer).containsExactly(bob);
    assertThat(store().conversations(bob, 10).collectList().block(DEADLINE))
        .extracting(Conversation::peer).containsExactly(alice);
  }

  @Test
  void conversationIsEmptyUntilItHasAMessage() {
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    ConversationId id = ConversationId.direct(alice, bob);
    StepVerifier.create(store().conversation(alice, id)).expectComplete().verify(DEADLINE);

    Message hi = save(message(bob, alice, "hi", null));
    StepVerifier.create(store().conversation(alice, id))
        .expectNext(new Conversation(id, bob, hi))
        .expectComplete()
        .verify(DEADLINE);
  }

  @Test
  void repeatedClientMsgIdReturnsTheFirstMessageAndStoresNothing() {
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    Message first = message(alice, bob, "once", "k-1");
    assertThat(store().save(first).block(DEADLINE)).isEqualTo(new MessageStore.Saved(first, true));

    Message repeat = message(alice, bob, "once", "k-1");
    assertThat(store().save(repeat).block(DEADLINE)).isEqualTo(new MessageStore.Saved(first, false));
    assertThat(store().history(ConversationId.direct(alice, bob), Long.MAX_VALUE, 10).collectList().block(DEADLINE))
        .containsExactly(first);
  }

  @Test
  void clientMsgIdIsScopedToTheSender() {
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    assertThat(store().save(message(alice, bob, "a", "same")).block(DEADLINE).created()).isTrue();
    assertThat(store().save(message(bob, alice, "b", "same")).block(DEADLINE).created()).isTrue();
  }

  @Test
  void concurrentRepeatsOfOneClientMsgIdStoreExactlyOneMessage() throws Exception {
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<MessageStore.Saved>> attempts = IntStream.range(0, threads)
          .<Callable<MessageStore.Saved>>mapToObj(i -> () -> store().save(message(alice, bob, "race", "k-race")).block(DEADLINE))
          .toList();
      List<MessageStore.Saved> results = pool.invokeAll(attempts).stream().map(MessageStoreContract::get).toList();

      assertThat(results).filteredOn(MessageStore.Saved::created).hasSize(1);
      Message winner = results.stream().filter(MessageStore.Saved::created).findFirst().orElseThrow().message();
      assertThat(results).extracting(MessageStore.Saved::message).containsOnly(winner);
      assertThat(store().history(ConversationId.direct(alice, bob), Long.MAX_VALUE, 10).collectList().block(DEADLINE))
          .containsExactly(winner);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void oneDeliveryLeaseAtATimeAndAgainOnceItEnds() throws Exception {
    Message message = save(message(freshUser("alice"), freshUser("bob"), "lease me", "k-lease"));
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<Boolean>> attempts = IntStream.range(0, threads)
          .<Callable<Boolean>>mapToObj(i -> () -> store().leaseDelivery(message, Duration.ofSeconds(1)).block(DEADLINE))
          .toList();
      List<Boolean> won = pool.invokeAll(attempts).stream().map(MessageStoreContract::get).toList();
      assertThat(won).containsOnlyOnce(true);
    } finally {
      pool.shutdownNow();
    }
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
        .until(() -> store().leaseDelivery(message, Duration.ofSeconds(1)).block(DEADLINE));
  }

  @Test
  void owedDeliveriesAreListedOncePerConversationInSendOrderUntilSettled() {
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    UserId carol = freshUser("carol");
    List<Message> toBob = IntStream.range(0, 3).mapToObj(i -> save(message(alice, bob, "b" + i, null))).toList();
    Message toCarol = save(message(alice, carol, "c", null));
    for (Message m : List.of(toBob.get(0), toCarol, toBob.get(1), toBob.get(2), toBob.get(1))) {
      store().oweDelivery(m).block(DEADLINE);
    }

    assertThat(owedIn(ConversationId.direct(alice, bob))).containsExactlyElementsOf(toBob);
    assertThat(owedIn(ConversationId.direct(alice, carol))).containsExactly(toCarol);

    store().settleDelivery(toBob.get(1)).block(DEADLINE);
    store().settleDelivery(toCarol).block(DEADLINE);
    assertThat(owedIn(ConversationId.direct(alice, bob))).containsExactly(toBob.get(0), toBob.get(2));
    assertThat(owedIn(ConversationId.direct(alice, carol))).isEmpty();
    assertThat(store().owedDeliveries(shard -> true, 1).collectList().block(DEADLINE)).hasSize(1);
    int bobsShard = MessageStore.owedShard(ConversationId.direct(alice, bob));
    assertThat(store().owedDeliveries(shard -> shard == bobsShard, 10_000).collectList().block(DEADLINE))
        .contains(toBob.get(0), toBob.get(2))
        .allMatch(m -> MessageStore.owedShard(m.conversationId()) == bobsShard);
    assertThat(store().owedDeliveries(shard -> shard != bobsShard, 10_000).collectList().block(DEADLINE))
        .doesNotContain(toBob.get(0), toBob.get(2));
  }

  @Test
  void aGroupsMessagesAreItsHistoryAndNoOnesOneToOneConversation() {
    UserId alice = freshUser("alice");
    ConversationId group = ConversationId.newGroup(ids.next());
    Message first = save(groupMessage(group, alice, "one", "g-1"));
    Message second = save(groupMessage(group, alice, "two", null));

    assertThat(store().history(group, Long.MAX_VALUE, 10).collectList().block(DEADLINE)).containsExactly(second, first);
    assertThat(store().save(groupMessage(group, alice, "one", "g-1")).block(DEADLINE))
        .isEqualTo(new MessageStore.Saved(first, false));
    assertThat(store().conversations(alice, 10).collectList().block(DEADLINE)).isEmpty();
  }

  @Test
  void aConversationsOwedMessagesComeInSendOrderWithWhetherTheirDeliveryStarted() {
    UserId alice = freshUser("alice");
    ConversationId group = ConversationId.newGroup(ids.next());
    List<Message> sent = IntStream.range(0, 3).mapToObj(i -> save(groupMessage(group, alice, "g" + i, null))).toList();
    sent.forEach(m -> store().oweDelivery(m).block(DEADLINE));
    store().startDelivery(sent.get(0)).block(DEADLINE);
    store().oweDelivery(sent.get(0)).block(DEADLINE);

    assertThat(store().owedDeliveries(group, 10).collectList().block(DEADLINE)).containsExactly(
        new MessageStore.Owed(sent.get(0), true), new MessageStore.Owed(sent.get(1), false),
        new MessageStore.Owed(sent.get(2), false));
    assertThat(store().owedDeliveries(group, 2).collectList().block(DEADLINE)).hasSize(2);

    store().settleDelivery(sent.get(0)).block(DEADLINE);
    store().settleDelivery(sent.get(1)).block(DEADLINE);
    assertThat(store().owedDeliveries(group, 10).collectList().block(DEADLINE))
        .containsExactly(new MessageStore.Owed(sent.get(2), false));
    store().startDelivery(sent.get(0)).block(DEADLINE);
    assertThat(store().owedDeliveries(group, 10).collectList().block(DEADLINE)).containsExactly(
        new MessageStore.Owed(sent.get(0), true), new MessageStore.Owed(sent.get(2), false));
  }

  @Test
  void aReadMarkerOnlyMovesForwardAndAnswersWhereItIs() {
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    ConversationId id = ConversationId.direct(alice, bob);
    List<Message> sent = IntStream.range(0, 3).mapToObj(i -> save(message(alice, bob, "m" + i, null))).toList();
    assertThat(store().readMarker(id, bob).block(DEADLINE)).isZero();

    assertThat(store().markRead(new ReadMarker(id, bob, sent.get(1).id())).block(DEADLINE)).isEqualTo(sent.get(1).id());
    assertThat(store().markRead(new ReadMarker(id, bob, sent.get(0).id())).block(DEADLINE)).isEqualTo(sent.get(1).id());
    assertThat(store().readMarker(id, bob).block(DEADLINE)).isEqualTo(sent.get(1).id());
    assertThat(store().readMarker(id, alice).block(DEADLINE)).isZero();
  }

  @Test
  void concurrentReadMarksLeaveTheFurthest() throws Exception {
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    ConversationId id = ConversationId.direct(alice, bob);
    List<Message> sent = IntStream.range(0, 16).mapToObj(i -> save(message(alice, bob, "m" + i, null))).toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Long>> marks = sent.stream()
          .<Callable<Long>>map(m -> () -> store().markRead(new ReadMarker(id, bob, m.id())).block(DEADLINE))
          .toList();
      pool.invokeAll(marks).forEach(MessageStoreContract::get);
    } finally {
      pool.shutdownNow();
    }
    assertThat(store().readMarker(id, bob).block(DEADLINE)).isEqualTo(sent.get(15).id());
  }

  private Message groupMessage(ConversationId group, UserId from, String text, String clientMsgId) {
    return new Message(ids.next(), group, from, null, text, clientMsgId, Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  /** Other tests may share the store, so only {@code conversation}'s owed messages are looked at. */
  private List<Message> owedIn(ConversationId conversation) {
    return store().owedDeliveries(shard -> true, 10_000).filter(m -> m.conversationId().equals(conversation))
        .collectList().block(DEADLINE);
  }

  private static <T> T get(Future<T> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
