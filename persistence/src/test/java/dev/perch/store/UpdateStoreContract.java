package dev.perch.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.model.ConversationId;
import dev.perch.model.MemberChange;
import dev.perch.model.Message;
import dev.perch.model.PresenceChange;
import dev.perch.model.ReadMarker;
import dev.perch.model.Update;
import dev.perch.model.UpdateBody;
import dev.perch.model.UpdateType;
import dev.perch.model.UserId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * What every {@link UpdateStore} must do: dense per-user seq, cursor reads, limits, and density
 * under concurrent appends. Each test uses fresh user ids.
 */
public abstract class UpdateStoreContract {

  protected static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final AtomicLong MESSAGE_IDS = new AtomicLong(1);

  protected abstract UpdateStore store();

  protected static UserId freshUser(String name) {
    return UserId.of(name + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  protected static Message message(UserId from, UserId to, String text) {
    return new Message(MESSAGE_IDS.getAndIncrement(), ConversationId.direct(from, to), from, to, text, null,
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  private Update append(UserId user, Message message) {
    return store().append(user, message).block(DEADLINE);
  }

  @Test
  void emptyStreamHasHeadZeroAndNothingToRead() {
    UserId bob = freshUser("bob");
    StepVerifier.create(store().head(bob)).expectNext(0L).expectComplete().verify(DEADLINE);
    StepVerifier.create(store().readAfter(bob, 0, 10)).expectComplete().verify(DEADLINE);
  }

  @Test
  void appendsGetDenseSeqFromOne() {
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    List<Long> seqs = IntStream.range(0, 5).mapToObj(i -> append(bob, message(alice, bob, "m" + i)).seq()).toList();
    assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L);
    StepVerifier.create(store().head(bob)).expectNext(5L).expectComplete().verify(DEADLINE);
  }

  @Test
  void readAfterCursorReturnsLaterUpdatesAscendingWithTheirMessages() {
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    List<Message> sent = IntStream.range(0, 5).mapToObj(i -> message(alice, bob, "m" + i)).toList();
    sent.forEach(m -> append(bob, m));

    List<Update> all = store().readAfter(bob, 0, 100).collectList().block(DEADLINE);
    assertThat(all).extracting(Update::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(all).extracting(Update::message).containsExactlyElementsOf(sent);
    assertThat(all).allSatisfy(u -> {
      assertThat(u.user()).isEqualTo(bob);
      assertThat(u.type()).isEqualTo(UpdateType.MESSAGE);
    });

    assertThat(store().readAfter(bob, 3, 100).collectList().block(DEADLINE))
        .extracting(Update::seq).containsExactly(4L, 5L);
    assertThat(store().readAfter(bob, 5, 100).collectList().block(DEADLINE)).isEmpty();
  }

  @Test
  void readAfterHonoursTheLimit() {
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    IntStream.range(0, 6).forEach(i -> append(bob, message(alice, bob, "m" + i)));
    assertThat(store().readAfter(bob, 1, 2).collectList().block(DEADLINE))
        .extracting(Update::seq).containsExactly(2L, 3L);
  }

  @Test
  void findsTheUpdateThatCarriesARepeatableMessage() {
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    Message first = withClientMsgId(message(alice, bob, "first"), "c-1");
    Message second = withClientMsgId(message(alice, bob, "second"), "c-2");
    Update firstUpdate = append(bob, first);
    append(bob, second);

    StepVerifier.create(store().find(bob, first)).expectNext(firstUpdate).expectComplete().verify(DEADLINE);
    StepVerifier.create(store().find(alice, first)).expectComplete().verify(DEADLINE);
    StepVerifier.create(store().find(bob, withClientMsgId(message(alice, bob, "never sent"), "c-3")))
        .expectComplete().verify(DEADLINE);
  }

  @Test
  void readMemberAndPresenceUpdatesAndGroupMessagesComeBackAsAppended() {
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    ConversationId group = ConversationId.newGroup(MESSAGE_IDS.getAndIncrement());
    List<UpdateBody> bodies = List.of(
        new MemberChange(group, alice, List.of(alice, bob), List.of()),
        new Message(MESSAGE_IDS.getAndIncrement(), group, alice, null, "to the group", null,
            Instant.now().truncatedTo(ChronoUnit.MILLIS)),
        new ReadMarker(ConversationId.direct(alice, bob), alice, 42),
        new MemberChange(group, bob, List.of(), List.of(bob)),
        new PresenceChange(alice, true, Instant.now().truncatedTo(ChronoUnit.MILLIS)),
        new PresenceChange(alice, false, Instant.now().truncatedTo(ChronoUnit.MILLIS)));
    List<Update> appended = bodies.stream().map(body -> store().append(bob, body).block(DEADLINE)).toList();

    assertThat(store().readAfter(bob, 0, 10).collectList().block(DEADLINE)).containsExactlyElementsOf(appended);
    assertThat(appended).extracting(Update::body).containsExactlyElementsOf(bodies);
    StepVerifier.create(store().find(bob, (Message) bodies.get(1))).expectNext(appended.get(1)).expectComplete()
        .verify(DEADLINE);
  }

  private static Message withClientMsgId(Message m, String clientMsgId) {
    return new Message(m.id(), m.conversationId(), m.from(), m.to(), m.text(), clientMsgId, m.sentAt());
  }

  @Test
  void streamsOfDifferentUsersAreIndependent() {
    UserId alice = freshUser("alice");
    UserId bob = freshUser("bob");
    Message m = message(alice, bob, "hi");
    assertThat(append(alice, m).seq()).isEqualTo(1);
    assertThat(append(bob, m).seq()).isEqualTo(1);
    assertThat(append(bob, message(alice, bob, "again")).seq()).isEqualTo(2);
    StepVerifier.create(store().head(alice)).expectNext(1L).expectComplete().verify(DEADLINE);
  }

  @Test
  void concurrentAppendsToOneUserLeaveADenseStreamWithoutDuplicates() throws Exception {
    UserId bob = freshUser("bob");
    int threads = 8;
    int perThread = 1_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> senders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        UserId sender = freshUser("sender" + t);
        senders.add(pool.submit(() -> Flux.range(0, perThread)
            .concatMap(i -> store().append(bob, message(sender, bob, "m" + i)))
            .then()
            .block(DEADLINE.multipliedBy(4))));
      }
      for (Future<?> sender : senders) {
        sender.get();
      }
    } finally {
      pool.shutdownNow();
    }

    List<Update> all = new ArrayList<>();
    long cursor = 0;
    for (List<Update> page = readPage(bob, cursor); !page.isEmpty(); page = readPage(bob, cursor)) {
      all.addAll(page);
      cursor = page.get(page.size() - 1).seq();
    }
    int total = threads * perThread;
    assertThat(all).extracting(Update::seq).containsExactlyElementsOf(
        IntStream.rangeClosed(1, total).mapToObj(i -> (long) i).toList());
    assertThat(all).extracting(u -> u.message().id()).doesNotHaveDuplicates();
    StepVerifier.create(store().head(bob)).expectNext((long) total).expectComplete().verify(DEADLINE);
  }

  private List<Update> readPage(UserId user, long cursor) {
    return store().readAfter(user, cursor, 500).collectList().block(DEADLINE);
  }
}
