package dev.perch.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.model.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The subscription state machine against scripted command replies and virtual time. */
class SubscriptionsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);
  private static final Duration LINGER = Duration.ofSeconds(10);
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final UserId BOB = UserId.of("bob");
  private static final UserId CAROL = UserId.of("carol");

  private final ManualCommands redis = new ManualCommands();
  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private final Queue<UserId> resynced = new ConcurrentLinkedQueue<>();
  private final Subscriptions subscriptions = new Subscriptions(redis, LINGER, RETRY, time, resynced::add);

  @AfterEach
  void close() {
    subscriptions.close();
    time.dispose();
  }

  /** Subscribes to {@code acquire(user)} and returns what it has emitted so far. */
  private AtomicReference<Object> acquire(UserId user) {
    AtomicReference<Object> got = new AtomicReference<>();
    subscriptions.acquire(user).subscribe(got::set, got::set);
    return got;
  }

  /** Takes an interest and has Redis acknowledge the SUBSCRIBE it needs. */
  private Disposable held(UserId user) {
    AtomicReference<Object> got = acquire(user);
    if (got.get() == null) {
      redis.last().ok();
    }
    return (Disposable) got.get();
  }

  @Test
  void theFirstInterestIsEmittedOnlyOnceTheSubscribeIsAcknowledged() {
    AtomicReference<Object> first = acquire(BOB);

    assertThat(redis.log()).containsExactly("SUBSCRIBE bob");
    assertThat(first).hasValue(null);

    redis.last().ok();
    assertThat(first.get()).isInstanceOf(Disposable.class);
  }

  @Test
  void interestsTakenWhileSubscribingShareOneSubscribeAndLaterOnesAreImmediate() {
    AtomicReference<Object> first = acquire(BOB);
    AtomicReference<Object> second = acquire(BOB);
    assertThat(redis.log()).containsExactly("SUBSCRIBE bob");

    redis.last().ok();
    assertThat(first.get()).isInstanceOf(Disposable.class);
    assertThat(second.get()).isInstanceOf(Disposable.class);

    StepVerifier.create(subscriptions.acquire(BOB)).expectNextCount(1).expectComplete().verify(DEADLINE);
    assertThat(redis.log()).containsExactly("SUBSCRIBE bob");
    assertThat(subscriptions.interest(BOB)).isEqualTo(3);
  }

  @Test
  void interestedListsOnlyUsersWithInterestNotLingeringChannels() {
    Disposable bob = held(BOB);
    held(CAROL).dispose();

    assertThat(subscriptions.interested()).containsExactly(BOB);
    bob.dispose();
    assertThat(subscriptions.interested()).isEmpty();
  }

  @Test
  void theLastReleaseLingersThenUnsubscribesAndForgetsTheChannel() {
    Disposable interest = held(BOB);
    interest.dispose();
    interest.dispose();

    time.advanceTimeBy(LINGER.minusMillis(1));
    assertThat(redis.log()).containsExactly("SUBSCRIBE bob");

    time.advanceTimeBy(Duration.ofMillis(1));
    assertThat(redis.log()).containsExactly("SUBSCRIBE bob", "UNSUBSCRIBE bob");
    assertThat(subscriptions.tracks(BOB)).isTrue();

    redis.last().ok();
    assertThat(subscriptions.tracks(BOB)).isFalse();
  }

  @Test
  void interestComingBackWithinTheLingerKeepsTheSubscription() {
    held(BOB).dispose();
    time.advanceTimeBy(LINGER.dividedBy(2));

    Disposable again = held(BOB);
    time.advanceTimeBy(LINGER.multipliedBy(3));
    assertThat(redis.log()).containsExactly("SUBSCRIBE bob");

    again.dispose();
    time.advanceTimeBy(LINGER);
    assertThat(redis.log()).containsExactly("SUBSCRIBE bob", "UNSUBSCRIBE bob");
  }

  @Test
  void interestTakenWhileUnsubscribingWaitsAndSubscribesAgainAfterIt() {
    held(BOB).dispose();
    time.advanceTimeBy(LINGER);
    ManualCommands.Sent unsubscribe = redis.last();

    AtomicReference<Object> back = acquire(BOB);
    assertThat(redis.log()).containsExactly("SUBSCRIBE bob", "UNSUBSCRIBE bob");

    unsubscribe.ok();
    assertThat(redis.log()).containsExactly("SUBSCRIBE bob", "UNSUBSCRIBE bob", "SUBSCRIBE bob");
    assertThat(back).hasValue(null);

    redis.last().ok();
    assertThat(back.get()).isInstanceOf(Disposable.class);
  }

  @Test
  void cancellingBeforeTheAcknowledgementReleasesTheInterest() {
    Disposable waiting = subscriptions.acquire(BOB).subscribe();
    waiting.dispose();
    assertThat(subscriptions.interest(BOB)).isZero();

    redis.last().ok();
    time.advanceTimeBy(LINGER);
    assertThat(redis.log()).containsExactly("SUBSCRIBE bob", "UNSUBSCRIBE bob");
  }

  @Test
  void aFailedSubscribeFailsItsWaitersReleasesTheirInterestAndIsNotRetriedWithoutInterest() {
    AtomicReference<Object> waiting = acquire(BOB);
    redis.last().fail();

    assertThat(waiting.get()).isInstanceOf(IllegalStateException.class);
    assertThat(subscriptions.interest(BOB)).isZero();
    time.advanceTimeBy(LINGER.plus(RETRY));
    assertThat(redis.log()).containsExactly("SUBSCRIBE bob", "UNSUBSCRIBE bob");
  }

  @Test
  void aFailedCommandIsRetriedAfterTheDelayOrAtOnceByNewInterest() {
    held(BOB);
    subscriptions.reconnected();
    redis.last().fail();
    assertThat(redis.log()).containsExactly("SUBSCRIBE bob", "SUBSCRIBE bob");

    time.advanceTimeBy(RETRY);
    assertThat(redis.log()).containsExactly("SUBSCRIBE bob", "SUBSCRIBE bob", "SUBSCRIBE bob");

    redis.last().fail();
    acquire(BOB);
    assertThat(redis.log()).hasSize(4).last().isEqualTo("SUBSCRIBE bob");
  }

  @Test
  void aReconnectResubscribesChannelsWithInterestThenResyncsTheirUsers() {
    held(BOB);
    held(CAROL).dispose();

    subscriptions.reconnected();
    assertThat(redis.log()).containsExactly("SUBSCRIBE bob", "SUBSCRIBE carol", "SUBSCRIBE bob");
    assertThat(resynced).isEmpty();
    AtomicReference<Object> newcomer = acquire(BOB);
    assertThat(newcomer).hasValue(null);

    redis.last().ok();
    assertThat(resynced).containsExactly(BOB);
    assertThat(newcomer.get()).isInstanceOf(Disposable.class);

    time.advanceTimeBy(LINGER);
    assertThat(redis.log()).last().isEqualTo("UNSUBSCRIBE carol");
  }

  @Test
  void aReconnectOfSomeChannelsResubscribesAndResyncsOnlyThose() {
    held(BOB);
    held(CAROL);

    subscriptions.reconnected(BOB::equals);
    assertThat(redis.log()).containsExactly("SUBSCRIBE bob", "SUBSCRIBE carol", "SUBSCRIBE bob");
    redis.last().ok();
    assertThat(resynced).containsExactly(BOB);
    assertThat(acquire(CAROL).get()).as("carol still subscribed: emitted at once").isInstanceOf(Disposable.class);
    assertThat(redis.log()).hasSize(3);
  }

  @Test
  void aCommandInFlightForAnotherChannelStillCountsAfterAPartialReconnect() {
    held(BOB);
    AtomicReference<Object> carol = acquire(CAROL);
    ManualCommands.Sent carolsSubscribe = redis.last();

    subscriptions.reconnected(BOB::equals);
    carolsSubscribe.ok();
    assertThat(carol.get()).isInstanceOf(Disposable.class);
    assertThat(redis.log()).containsExactly("SUBSCRIBE bob", "SUBSCRIBE carol", "SUBSCRIBE bob");
  }

  @Test
  void aSubscribeSentBeforeAReconnectProvesNothingAndIsSentAgain() {
    AtomicReference<Object> waiting = acquire(BOB);
    ManualCommands.Sent beforeReconnect = redis.last();

    subscriptions.reconnected();
    beforeReconnect.ok();
    assertThat(waiting).hasValue(null);
    assertThat(redis.log()).containsExactly("SUBSCRIBE bob", "SUBSCRIBE bob");

    redis.last().ok();
    assertThat(waiting.get()).isInstanceOf(Disposable.class);
  }

  @Test
  void anUnsubscribeSentBeforeAReconnectIsSentAgain() {
    held(BOB).dispose();
    time.advanceTimeBy(LINGER);
    ManualCommands.Sent beforeReconnect = redis.last();

    subscriptions.reconnected();
    beforeReconnect.ok();
    assertThat(redis.log()).containsExactly("SUBSCRIBE bob", "UNSUBSCRIBE bob", "UNSUBSCRIBE bob");
    assertThat(subscriptions.tracks(BOB)).isTrue();

    redis.last().ok();
    assertThat(subscriptions.tracks(BOB)).isFalse();
  }

  @Test
  void closingFailsWaitersAndLaterInterests() {
    AtomicReference<Object> waiting = acquire(BOB);
    subscriptions.close();

    assertThat(waiting.get()).isInstanceOf(Subscriptions.ClosedException.class);
    StepVerifier.create(subscriptions.acquire(CAROL))
        .expectError(Subscriptions.ClosedException.class)
        .verify(DEADLINE);
    assertThat(redis.log()).containsExactly("SUBSCRIBE bob");
  }

  @Test
  void zeroLingerUnsubscribesAtOnce() {
    Subscriptions eager = new Subscriptions(redis, Duration.ZERO, RETRY, time, resynced::add);
    AtomicReference<Object> got = new AtomicReference<>();
    eager.acquire(BOB).subscribe(got::set);
    redis.last().ok();

    ((Disposable) got.get()).dispose();
    assertThat(redis.log()).isEqualTo(List.of("SUBSCRIBE bob", "UNSUBSCRIBE bob"));
    eager.close();
  }
}
