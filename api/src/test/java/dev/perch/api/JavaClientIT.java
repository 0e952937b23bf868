package dev.perch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.perch.api.FaultProxy.Fault;
import dev.perch.client.Group;
import dev.perch.client.HistoryPage;
import dev.perch.client.Message;
import dev.perch.client.PerchClient;
import dev.perch.client.PerchException;
import dev.perch.client.Update;
import dev.perch.model.UserId;
import dev.perch.poll.WaiterRegistry;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The Java client ({@code clients/java}) against the embedded server: sending and receiving,
 * history, groups and read markers, and its retry and resume contract through a {@link FaultProxy}
 * that loses answers, answers 502 and 503, cuts connections and plays a node that dies.
 */
class JavaClientIT extends ApiTestSupport {

  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @Autowired
  private WaiterRegistry waiters;

  private String url() {
    return "http://127.0.0.1:" + port;
  }

  /** A client with short backoffs and polls, so a test waits milliseconds for each retry. */
  private static PerchClient client(String user, String... urls) {
    PerchClient.Builder builder = PerchClient.builder()
        .token(token(user))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .pollTimeout(Duration.ofSeconds(5))
        .eventLoopThreads(1);
    for (String url : urls) {
      builder.baseUrl(url);
    }
    return builder.build();
  }

  @Test
  void aMessageReachesBothStreamsHistoryAndConversations() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    try (PerchClient aliceClient = client(alice, url())) {
      PerchClient bobClient = aliceClient.withToken(token(bob));
      Message sent = aliceClient.send(bob, "hi bob").block(DEADLINE);

      assertThat(sent.from()).isEqualTo(alice);
      assertThat(sent.to()).isEqualTo(bob);
      assertThat(sent.conversationId()).isEqualTo(PerchClient.conversationId(alice, bob));
      assertThat(sent.clientMsgId()).isNotBlank();
      for (PerchClient side : List.of(bobClient, aliceClient)) {
        StepVerifier.create(side.updates(0L).take(1))
            .assertNext(update -> {
              assertThat(update.type()).isEqualTo(Update.Type.MESSAGE);
              assertThat(update.message()).isEqualTo(sent);
            })
            .expectComplete()
            .verify(DEADLINE);
      }
      HistoryPage history = bobClient.history(sent.conversationId(), null, 10).block(DEADLINE);
      assertThat(history.messages()).containsExactly(sent);
      assertThat(history.hasNext()).isFalse();
      assertThat(bobClient.conversations().block(DEADLINE))
          .singleElement()
          .satisfies(c -> {
            assertThat(c.peer()).isEqualTo(alice);
            assertThat(c.lastMessage()).isEqualTo(sent);
            assertThat(c.unread()).isEqualTo(1);
          });
    }
  }

  @Test
  void aSendWhoseAnswerWasLostIsRetriedWithTheSameKeyAndStoredOnce() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    try (FaultProxy proxy = new FaultProxy(url()); PerchClient aliceClient = client(alice, proxy.url())) {
      proxy.fail("/v1/messages", Fault.CUT_AFTER);
      Message sent = aliceClient.send(bob, "once only").block(DEADLINE);

      List<FaultProxy.Seen> attempts = proxy.seen("/v1/messages");
      assertThat(attempts).hasSize(2);
      assertThat(attempts.get(1).body()).isEqualTo(attempts.get(0).body()).contains(sent.clientMsgId());
      assertThat(aliceClient.history(sent.conversationId(), null, 10).block(DEADLINE).messages()).containsExactly(sent);
    }
  }

  @Test
  void aSendIsRetriedThrough503And502AndACutConnectionHonouringRetryAfter() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    try (FaultProxy proxy = new FaultProxy(url()); PerchClient aliceClient = client(alice, proxy.url())) {
      proxy.fail("/v1/messages", Fault.STORE_UNAVAILABLE, Fault.BAD_GATEWAY, Fault.CUT_BEFORE);
      long started = System.nanoTime();
      Message sent = aliceClient.send(bob, "eventually").block(DEADLINE);

      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the 503's Retry-After: 1 was waited")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
      assertThat(proxy.seen("/v1/messages")).hasSize(4).extracting(FaultProxy.Seen::body).containsOnly(
          proxy.seen("/v1/messages").get(0).body());
      assertThat(aliceClient.history(sent.conversationId(), null, 10).block(DEADLINE).messages()).containsExactly(sent);
    }
  }

  @Test
  void aRefusalIsNotRetriedAndCarriesItsCode() {
    try (FaultProxy proxy = new FaultProxy(url()); PerchClient client = client(freshUser("alice"), proxy.url())) {
      assertThatThrownBy(() -> client.send(freshUser("bob"), "   ").block(DEADLINE))
          .isInstanceOfSatisfying(PerchException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("text_required");
          });
      assertThat(proxy.seen("/v1/messages")).hasSize(1);
    }
  }

  @Test
  void updatesResumeFromTheirCursorAfterErrorsAndALostAnswer() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    try (FaultProxy proxy = new FaultProxy(url()); PerchClient aliceClient = client(alice, url())) {
      PerchClient bobClient = client(bob, proxy.url());
      try {
        Flux.range(1, 3).concatMap(i -> aliceClient.send(bob, "m" + i)).blockLast(DEADLINE);
        proxy.fail("/v1/updates", Fault.BAD_GATEWAY, Fault.CUT_AFTER, Fault.STORE_UNAVAILABLE, Fault.CUT_BEFORE);

        StepVerifier.create(bobClient.updates(0L).map(update -> update.message().text()))
            .expectNext("m1", "m2", "m3")
            .then(() -> Flux.range(4, 2).concatMap(i -> aliceClient.send(bob, "m" + i)).subscribe())
            .expectNext("m4", "m5")
            .thenCancel()
            .verify(DEADLINE);

        List<String> polls = proxy.seen("/v1/updates").stream().map(FaultProxy.Seen::uri).toList();
        assertThat(polls.subList(0, 5)).as("every retry asks from the cursor it had").allMatch(u -> u.contains("cursor=0&"));
        assertThat(polls.get(5)).contains("cursor=3&");
      } finally {
        bobClient.close();
      }
    }
  }

  @Test
  void updatesMoveToTheNextNodeWhenOneDiesAndMissNothing() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    try (FaultProxy nodeA = new FaultProxy(url()); FaultProxy nodeB = new FaultProxy(url());
        PerchClient aliceClient = client(alice, url()); PerchClient bobClient = client(bob, nodeA.url(), nodeB.url())) {
      aliceClient.send(bob, "one").block(DEADLINE);
      List<String> received = new CopyOnWriteArrayList<>();
      Disposable polling = bobClient.updates(0L).subscribe(update -> received.add(update.message().text()));
      try {
        await().atMost(DEADLINE).until(() -> received.size() == 1 && nodeA.inFlight() == 1);
        nodeA.goDown();
        aliceClient.send(bob, "two").then(aliceClient.send(bob, "three")).block(DEADLINE);

        await().atMost(DEADLINE).until(() -> received.size() >= 3);
        assertThat(received).containsExactly("one", "two", "three");
        assertThat(nodeB.seen("/v1/updates").get(0).uri()).contains("cursor=1&");
      } finally {
        polling.dispose();
      }
    }
  }

  @Test
  void cancellingUpdatesFreesTheParkedPollOnTheServer() {
    String bob = freshUser("bob");
    try (PerchClient bobClient = client(bob, url())) {
      Disposable polling = bobClient.updates(null).subscribe();
      await().atMost(DEADLINE).until(() -> waiters.size(UserId.of(bob)) == 1);
      polling.dispose();
      await().atMost(DEADLINE).until(() -> waiters.size(UserId.of(bob)) == 0);
    }
  }

  @Test
  void aRefusedTokenIsRefreshedOnceAndASecondRefusalFails() {
    String alice = freshUser("alice");
    String good = token(alice);
    AtomicInteger asked = new AtomicInteger();
    try (PerchClient client = PerchClient.builder().baseUrl(url())
        .tokens(() -> Mono.fromSupplier(() -> asked.incrementAndGet() == 1 ? "expired" : good)).build()) {
      assertThat(client.send(freshUser("bob"), "after a refresh").block(DEADLINE).from()).isEqualTo(alice);
      assertThat(asked).hasValue(2);

      AtomicInteger askedBad = new AtomicInteger();
      PerchClient refused = client.withTokens(() -> Mono.fromSupplier(() -> "bad-" + askedBad.incrementAndGet()));
      StepVerifier.create(refused.updates(0L))
          .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(PerchException.class,
              p -> assertThat(p.code()).isEqualTo("unauthorized")))
          .verify(DEADLINE);
      assertThat(askedBad).hasValue(2);
    }
  }

  @Test
  void aCursorAheadOfTheStreamEndsTheUpdatesWithInvalidCursor() {
    try (PerchClient client = client(freshUser("bob"), url())) {
      StepVerifier.create(client.updates(99L))
          .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(PerchException.class, p -> {
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.code()).isEqualTo("invalid_cursor");
          }))
          .verify(DEADLINE);
    }
  }

  @Test
  void aGroupsMessageReachesItsMembersAndAReadMarkerItsAuthor() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    try (PerchClient aliceClient = client(alice, url())) {
      PerchClient bobClient = aliceClient.withToken(token(bob));
      Group group = aliceClient.createGroup("ops", List.of(bob)).block(DEADLINE);
      assertThat(group.members()).containsExactly(alice, bob);
      assertThat(bobClient.group(group.id()).block(DEADLINE).admins()).containsExactly(alice);

      Message sent = aliceClient.sendToGroup(group.id(), "deploy at 5").block(DEADLINE);
      StepVerifier.create(bobClient.updates(0L, EnumSet.of(Update.Type.MESSAGE)).take(1))
          .assertNext(update -> assertThat(update.message()).isEqualTo(sent))
          .expectComplete()
          .verify(DEADLINE);
      assertThat(bobClient.markRead(group.id(), sent.id()).block(DEADLINE).upTo()).isEqualTo(sent.id());
      StepVerifier.create(aliceClient.updates(0L, EnumSet.of(Update.Type.READ)).take(1))
          .assertNext(update -> {
            assertThat(update.read().user()).isEqualTo(bob);
            assertThat(update.read().upTo()).isEqualTo(sent.id());
          })
          .expectComplete()
          .verify(DEADLINE);
      assertThat(bobClient.leaveGroup(group.id()).block(DEADLINE).members()).containsExactly(alice);
    }
  }
}
