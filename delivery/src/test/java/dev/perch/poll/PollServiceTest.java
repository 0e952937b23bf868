package dev.perch.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.perch.bus.DeliveryBus;
import dev.perch.bus.InProcessDeliveryBus;
import dev.perch.error.InvalidRequestException;
import dev.perch.error.TooManyRequestsException;
import dev.perch.id.MessageIds;
import dev.perch.model.Update;
import dev.perch.model.UserId;
import dev.perch.send.OutgoingMessage;
import dev.perch.send.SendService;
import dev.perch.store.UpdateStore;
import dev.perch.store.memory.InMemoryMessageStore;
import dev.perch.store.memory.InMemoryUpdateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class PollServiceTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);
  private static final UserId ALICE = UserId.of("alice");
  private static final UserId BOB = UserId.of("bob");

  private static final Scheduler LOOP = Schedulers.single();

  private final WaiterRegistry waiters = new WaiterRegistry(4);
  private final DeliveryBus bus = new InProcessDeliveryBus(waiters);
  private final InMemoryUpdateStore updates = new InMemoryUpdateStore(10_000);
  private final SendService sends = sendService(updates);
  private final PollService polls = new PollService(updates, bus, waiters, PollWatcher.NONE);

  private SendService sendService(UpdateStore store) {
    return new SendService(new InMemoryMessageStore(1_000, Duration.ofHours(24), Clock.systemUTC()), store, bus,
        new MessageIds(1, Clock.systemUTC()), Clock.systemUTC());
  }

  private void send(String text) {
    sends.send(new OutgoingMessage(ALICE, BOB, text, null), Schedulers.parallel()).block(DEADLINE);
  }

  private static PollRequest request(Long cursor, Duration timeout) {
    return new PollRequest(BOB, cursor, timeout, 100);
  }

  @Test
  void answersAtOnceWhenUpdatesFollowTheCursor() {
    send("one");
    send("two");
    StepVerifier.create(polls.poll(request(0L, Duration.ofSeconds(30)), LOOP))
        .assertNext(poll -> {
          assertThat(poll.updates()).extracting(u -> u.message().text()).containsExactly("one", "two");
          assertThat(poll.cursor()).isEqualTo(2);
        })
        .expectComplete()
        .verify(DEADLINE);
    assertThat(waiters.size()).isZero();
  }

  @Test
  void aParkedPollIsAnsweredBySend() {
    StepVerifier.create(polls.poll(request(0L, Duration.ofSeconds(30)), LOOP))
        .then(() -> await().atMost(DEADLINE).until(() -> waiters.size(BOB) == 1))
        .then(() -> send("hello"))
        .assertNext(poll -> assertThat(poll.updates()).extracting(u -> u.message().text()).containsExactly("hello"))
        .expectComplete()
        .verify(DEADLINE);
    assertThat(waiters.size()).isZero();
  }

  @Test
  void timesOutWithAnEmptyAnswerAndTheSameCursor() {
    send("seen");
    StepVerifier.withVirtualTime(() -> new PollService(updates, bus, waiters, PollWatcher.NONE)
            .poll(request(1L, Duration.ofSeconds(25)), Schedulers.parallel()))
        .expectSubscription()
        .expectNoEvent(Duration.ofSeconds(24))
        .thenAwait(Duration.ofSeconds(1))
        .expectNext(new Poll(1, List.of()))
        .expectComplete()
        .verify(DEADLINE);
    assertThat(waiters.size()).isZero();
  }

  @Test
  void zeroTimeoutAnswersAtOnceEvenWhenEmpty() {
    StepVerifier.create(polls.poll(request(0L, Duration.ZERO), LOOP))
        .expectNext(new Poll(0, List.of()))
        .expectComplete()
        .verify(DEADLINE);
  }

  @Test
  void withoutCursorStartsAtTheHead() {
    send("old");
    StepVerifier.create(polls.poll(request(null, Duration.ofSeconds(30)), LOOP))
        .then(() -> await().atMost(DEADLINE).until(() -> waiters.size(BOB) == 1))
        .then(() -> send("new"))
        .assertNext(poll -> {
          assertThat(poll.updates()).extracting(u -> u.message().text()).containsExactly("new");
          assertThat(poll.cursor()).isEqualTo(2);
        })
        .expectComplete()
        .verify(DEADLINE);
  }

  @Test
  void theWatcherHearsEveryPollStartAndEndOnceHoweverItEnds() {
    List<String> heard = new CopyOnWriteArrayList<>();
    PollService watched = new PollService(updates, bus, waiters, new PollWatcher() {
      @Override
      public void started(UserId user) {
        heard.add("started " + user.value());
      }

      @Override
      public void ended(UserId user) {
        heard.add("ended " + user.value());
      }
    });
    StepVerifier.create(watched.poll(request(0L, Duration.ZERO), LOOP)).expectNextCount(1).expectComplete().verify(DEADLINE);
    StepVerifier.create(watched.poll(request(0L, Duration.ofSeconds(30)), LOOP))
        .then(() -> await().atMost(DEADLINE).until(() -> waiters.size(BOB) == 1))
        .then(() -> assertThat(heard).containsExactly("started bob", "ended bob", "started bob"))
        .then(() -> send("hello"))
        .expectNextCount(1)
        .expectComplete()
        .verify(DEADLINE);
    Disposable cancelled = watched.poll(request(1L, Duration.ofSeconds(30)), LOOP).subscribe();
    await().atMost(DEADLINE).until(() -> waiters.size(BOB) == 1);
    cancelled.dispose();
    StepVerifier.create(watched.poll(request(99L, Duration.ofSeconds(30)), LOOP))
        .expectError(InvalidRequestException.class)
        .verify(DEADLINE);

    await().atMost(DEADLINE).untilAsserted(() -> assertThat(heard).containsExactly(
        "started bob", "ended bob", "started bob", "ended bob", "started bob", "ended bob", "started bob", "ended bob"));
  }

  @Test
  void aDisconnectingClientFreesItsWaiter() {
    Disposable poll = polls.poll(request(0L, Duration.ofSeconds(30)), LOOP).subscribe();
    await().atMost(DEADLINE).until(() -> waiters.size() == 1);
    poll.dispose();
    assertThat(waiters.size()).isZero();
  }

  @Test
  void shutdownAnswersParkedPollsAtOnceAndLaterPollsImmediately() {
    send("seen");
    StepVerifier.create(polls.poll(request(1L, Duration.ofSeconds(60)), LOOP))
        .then(() -> await().atMost(DEADLINE).until(() -> waiters.size(BOB) == 1))
        .then(waiters::shutdown)
        .expectNext(new Poll(1, List.of()))
        .expectComplete()
        .verify(DEADLINE);
    StepVerifier.create(polls.poll(request(1L, Duration.ofSeconds(60)), LOOP))
        .expectNext(new Poll(1, List.of()))
        .expectComplete()
        .verify(DEADLINE);
    assertThat(waiters.size()).isZero();
  }

  @Test
  void aStreamPollsOnFromEachAnswersCursorAndKeepsAliveWhenNothingCame() {
    send("one");
    StepVerifier.withVirtualTime(() -> polls.stream(BOB, 0, Duration.ofSeconds(15), 100, Schedulers.parallel()))
        .assertNext(poll -> assertThat(poll.updates()).extracting(u -> u.message().text()).containsExactly("one"))
        .then(() -> await().atMost(DEADLINE).until(() -> waiters.size(BOB) == 1))
        .then(() -> send("two"))
        .assertNext(poll -> {
          assertThat(poll.updates()).extracting(u -> u.message().text()).containsExactly("two");
          assertThat(poll.cursor()).isEqualTo(2);
        })
        .then(() -> await().atMost(DEADLINE).until(() -> waiters.size(BOB) == 1))
        .thenAwait(Duration.ofSeconds(15))
        .expectNext(new Poll(2, List.of()))
        .thenCancel()
        .verify(DEADLINE);
    await().atMost(DEADLINE).until(() -> waiters.size() == 0);
  }

  @Test
  void aStreamHoldsOnePollAtATimeAndEndsAtShutdown() {
    StepVerifier.create(polls.stream(BOB, 0, Duration.ofSeconds(60), 100, LOOP))
        .then(() -> await().atMost(DEADLINE).until(() -> waiters.size(BOB) == 1))
        .then(() -> send("hello"))
        .assertNext(poll -> assertThat(poll.updates()).extracting(u -> u.message().text()).containsExactly("hello"))
        .then(() -> await().atMost(DEADLINE).until(() -> waiters.size(BOB) == 1))
        .then(waiters::shutdown)
        .expectNext(new Poll(1, List.of()))
        .expectComplete()
        .verify(DEADLINE);
    assertThat(waiters.size()).isZero();
  }

  @Test
  void cancellingAStreamFreesItsParkedPoll() {
    Disposable stream = polls.stream(BOB, 0, Duration.ofSeconds(60), 100, LOOP).subscribe();
    await().atMost(DEADLINE).until(() -> waiters.size() == 1);
    stream.dispose();
    assertThat(waiters.size()).isZero();
  }

  @Test
  void aSendLandingBetweenTheReadAndTheParkStillWakesThePoll() {
    // The store answers the poll's first read (the head: the stream is empty, so no read of updates
    // follows) with what it saw, but a send commits and publishes after that read and before the
    // poll parks: the exact window a lost wake-up lives in. The ring makes it read after all.
    RacingUpdateStore racing = new RacingUpdateStore(updates, () -> send("raced"));
    PollService racingPolls = new PollService(racing, bus, waiters, PollWatcher.NONE);

    StepVerifier.create(racingPolls.poll(request(0L, Duration.ofSeconds(60)), LOOP))
        .assertNext(poll -> assertThat(poll.updates()).extracting(u -> u.message().text()).containsExactly("raced"))
        .expectComplete()
        .verify(DEADLINE);
    assertThat(racing.reads()).isEqualTo(1);
  }

  @Test
  void withoutABusAParkedPollReadsTheStoreEverySecond() {
    DeliveryBus dead = new UnreachableBus();
    SendService deadBusSends = new SendService(new InMemoryMessageStore(1_000, Duration.ofHours(24), Clock.systemUTC()),
        updates, dead, new MessageIds(1, Clock.systemUTC()), Clock.systemUTC());
    StepVerifier.withVirtualTime(() -> new PollService(updates, dead, waiters, PollWatcher.NONE)
            .poll(request(0L, Duration.ofSeconds(25)), Schedulers.parallel()))
        .expectSubscription()
        .thenAwait(PollService.BUS_GRACE)
        .then(() -> deadBusSends.send(new OutgoingMessage(ALICE, BOB, "no bus", null), Schedulers.parallel()).block(DEADLINE))
        .expectNoEvent(Duration.ofMillis(500))
        .thenAwait(PollService.FALLBACK_INTERVAL)
        .assertNext(poll -> assertThat(poll.updates()).extracting(u -> u.message().text()).containsExactly("no bus"))
        .expectComplete()
        .verify(DEADLINE);
    assertThat(waiters.size()).isZero();
  }

  @Test
  void refusesMorePollsPerUserThanTheLimit() {
    List<Disposable> parked = IntStream.range(0, 4)
        .mapToObj(i -> polls.poll(request(0L, Duration.ofSeconds(30)), LOOP).subscribe())
        .toList();
    await().atMost(DEADLINE).until(() -> waiters.size(BOB) == 4);
    StepVerifier.create(polls.poll(request(0L, Duration.ofSeconds(30)), LOOP))
        .expectError(TooManyRequestsException.class)
        .verify(DEADLINE);
    parked.forEach(Disposable::dispose);
    assertThat(waiters.size()).isZero();
  }

  @Test
  void aCursorAheadOfTheStreamIsRejected() {
    send("only");
    StepVerifier.create(polls.poll(request(5L, Duration.ofSeconds(1)), LOOP))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidRequestException.class)
            .extracting(ex -> ((InvalidRequestException) ex).code()).isEqualTo("invalid_cursor"))
        .verify(DEADLINE);
    assertThat(waiters.size()).isZero();
  }

  @Test
  void everyParkedPollOfTheUserIsWoken() {
    List<Update> first = new CopyOnWriteArrayList<>();
    List<Update> second = new CopyOnWriteArrayList<>();
    polls.poll(request(0L, Duration.ofSeconds(30)), LOOP).subscribe(p -> first.addAll(p.updates()));
    polls.poll(request(0L, Duration.ofSeconds(30)), LOOP).subscribe(p -> second.addAll(p.updates()));
    await().atMost(DEADLINE).until(() -> waiters.size(BOB) == 2);
    send("both");
    await().atMost(DEADLINE).until(() -> first.size() == 1 && second.size() == 1);
    assertThat(first).isEqualTo(second);
  }

  @Test
  void aRingCarryingTheNextUpdateAnswersOnThePollsLoopWithoutReadingTheStore() {
    RacingUpdateStore counting = new RacingUpdateStore(updates, () -> {});
    PollService countingPolls = new PollService(counting, bus, waiters, PollWatcher.NONE);
    AtomicReference<String> answeredOn = new AtomicReference<>();

    StepVerifier.create(countingPolls.poll(request(0L, Duration.ofSeconds(30)), LOOP)
            .doOnNext(poll -> answeredOn.set(Thread.currentThread().getName())))
        .then(() -> await().atMost(DEADLINE).until(() -> waiters.size(BOB) == 1))
        .then(() -> send("carried"))
        .assertNext(poll -> assertThat(poll.updates()).extracting(u -> u.message().text()).containsExactly("carried"))
        .expectComplete()
        .verify(DEADLINE);

    assertThat(counting.reads()).isZero();
    assertThat(answeredOn.get()).startsWith("single-");
  }

  /**
   * Polls parked while rings, sends and timers race on two loops never outlive their timeout:
   * each is answered (with data or empty at its deadline), and every waiter is released.
   */
  @Test
  void underRacingRingsAndSendsEveryPollIsAnsweredByItsDeadline() throws Exception {
    Scheduler loops = Schedulers.newParallel("poll-loop", 2);
    List<UserId> users = IntStream.range(0, 50).mapToObj(i -> UserId.of("racer" + i)).toList();
    AtomicBoolean racing = new AtomicBoolean(true);
    ExecutorService ringers = Executors.newFixedThreadPool(2);
    for (int r = 0; r < 2; r++) {
      ringers.submit(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (racing.get()) {
          UserId user = users.get(random.nextInt(users.size()));
          if (random.nextBoolean()) {
            waiters.onWake(user, random.nextLong(0, 50));
          } else {
            sends.send(new OutgoingMessage(ALICE, user, "race", null), Schedulers.parallel()).block(DEADLINE);
          }
        }
      });
    }
    try {
      List<Mono<Poll>> polls = new ArrayList<>();
      for (int round = 0; round < 5; round++) {
        for (UserId user : users) {
          polls.add(this.polls.poll(new PollRequest(user, null, Duration.ofMillis(300), 1), loops));
        }
      }
      List<Poll> answers = Flux.fromIterable(polls)
          .flatMap(poll -> poll.timeout(Duration.ofSeconds(3)), 16)
          .collectList()
          .block(Duration.ofSeconds(60));
      assertThat(answers).hasSize(polls.size());
    } finally {
      racing.set(false);
      ringers.shutdown();
      assertThat(ringers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      loops.dispose();
    }
    await().atMost(DEADLINE).until(() -> waiters.size() == 0);
  }
}
